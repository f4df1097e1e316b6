import { describe, expect, it } from 'vitest';
import { BLOCK_PAGE, pupilSafetyFixture, REFUSED } from '@/test/fixtures/pupil-safety';
import { makePinHash, MIN_PIN_ITERATIONS } from '@/src/core/pin';
import { blockReasonFor } from '@/src/core/rules/match';
import { PRIORITY } from '@/src/core/rules/rule-ids';
import { totpCode } from '@/src/core/totp';
import { FIRST_LOCKOUT_MS } from '@/src/core/unlock-attempts';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const PIN = '246813';
const codeAt = async (ms: number) => (await totpCode(SECRET, Math.floor(ms / 1000)))!;
/** A 6-digit code that is none of the codes valid around `ms`. */
async function wrongCodeAt(ms: number): Promise<string> {
  const valid = new Set(await Promise.all([-30_000, 0, 30_000].map((d) => codeAt(ms + d))));
  for (let n = 0; ; n++) if (!valid.has(String(n).padStart(6, '0'))) return String(n).padStart(6, '0');
}
const guardOf = (t: Awaited<ReturnType<typeof pupilSafetyFixture>>) =>
  t.local.data.pinAttempts as { failures: number; lockedUntil: number };

describe("the adult's unlock", () => {
  it("a code from the school's secret unlocks once; wrong codes lock the keypad; a used code never works again", async () => {
    const t = await pupilSafetyFixture({ unlockCodeSecret: SECRET });
    await t.blocked();
    const wrong = await wrongCodeAt(t.now());
    const send = (code: string) => t.route({ type: 'blocked/unlock-code', code }, t.fromPage());
    expect(await send(wrong)).toEqual({ ok: false, error: 'wrong-code' });
    expect(await send(wrong)).toEqual({ ok: false, error: 'wrong-code' });
    expect(await send(wrong)).toEqual({ ok: false, error: 'locked-out', retryAfterMs: FIRST_LOCKOUT_MS });
    // Even the right code waits out the lock; the page is told how long, to count it down.
    expect(await send(await codeAt(t.now()))).toMatchObject({ ok: false, error: 'locked-out' });
    const hello = await t.route({ type: 'blocked/hello' }, t.fromPage());
    expect(hello.ok && hello.view?.unlockRetryAfterMs).toBe(FIRST_LOCKOUT_MS);
    t.tick(FIRST_LOCKOUT_MS);
    const code = await codeAt(t.now());
    const unlocked = await send(code);
    expect(unlocked.ok && unlocked.view).toMatchObject({ unlocked: true, unlockMethod: 'code' });
    expect(t.events.events.at(-1)).toEqual({ type: 'unlocked', host: 'bet.example', category: 'gambling', detail: { method: 'code' } });
    // Seen over a teacher's shoulder: the same code, and an older one, are refused on this device.
    await t.route({ type: 'blocked/darken' }, t.fromPage());
    expect(await send(code)).toEqual({ ok: false, error: 'wrong-code' });
    expect(await send(await codeAt(t.now() - 30_000))).toEqual({ ok: false, error: 'wrong-code' });
    t.tick(30_000);
    expect((await send(await codeAt(t.now()))).ok).toBe(true);
  });

  it('150 guesses sent at once get no more checks than three typed one by one', async () => {
    const t = await pupilSafetyFixture({ unlockCodeSecret: SECRET, unlockPinHash: await makePinHash(PIN, MIN_PIN_ITERATIONS) });
    await t.blocked();
    const wrong = await wrongCodeAt(t.now());
    const replies = await Promise.all(
      Array.from({ length: 150 }, () => t.route({ type: 'blocked/unlock-code', code: wrong }, t.fromPage())),
    );
    expect(replies.filter((r) => !r.ok && r.error === 'wrong-code')).toHaveLength(2);
    expect(replies.filter((r) => !r.ok && r.error === 'locked-out')).toHaveLength(148);
    expect(guardOf(t)).toMatchObject({ failures: 3, lockedUntil: t.now() + FIRST_LOCKOUT_MS });
    expect(await t.route({ type: 'blocked/unlock-code', code: PIN }, t.fromPage())).toMatchObject({ ok: false, error: 'locked-out' });
  });

  it("the school's PIN (6 to 12 digits) works on the same keypad; without a code the hold must really last", async () => {
    const t = await pupilSafetyFixture({ unlockPinHash: await makePinHash(PIN, MIN_PIN_ITERATIONS) });
    await t.blocked();
    expect(await t.route({ type: 'blocked/unlock-hold' }, t.fromPage())).toEqual(REFUSED);
    const reply = await t.route({ type: 'blocked/unlock-code', code: PIN }, t.fromPage());
    expect(reply.ok && reply.view).toMatchObject({ unlocked: true, lessonUnlock: 'school-only' });

    const hold = await pupilSafetyFixture();
    await hold.blocked();
    expect(await hold.route({ type: 'blocked/unlock-code', code: PIN }, hold.fromPage())).toEqual(REFUSED);
    expect(await hold.route({ type: 'blocked/unlock-hold' }, hold.fromPage())).toEqual({ ok: false, error: 'too-soon' });
    await hold.route({ type: 'blocked/hold-start' }, hold.fromPage());
    hold.tick(1_000);
    expect(await hold.route({ type: 'blocked/unlock-hold' }, hold.fromPage())).toEqual({ ok: false, error: 'too-soon' });
    await hold.route({ type: 'blocked/hold-start' }, hold.fromPage());
    hold.tick(3_000);
    const held = await hold.route({ type: 'blocked/unlock-hold' }, hold.fromPage());
    expect(held.ok && held.view).toMatchObject({ unlocked: true, unlockMethod: 'hold', lessonUnlock: 'school-only' });
    // Without a code no site can be allowed, whatever the page sends.
    expect(await hold.route({ type: 'blocked/lesson-unlock', minutes: 30 }, hold.fromPage())).toEqual(REFUSED);
  });

  it('a lesson allow opens exactly the host, for the time asked, with an alarm, an audit entry and an event', async () => {
    const gamesPage = `${BLOCK_PAGE}#reason=category&category=games&url=https://play.example/level/1`;
    const t = await pupilSafetyFixture(
      { unlockCodeSecret: SECRET, categories: ['illegal', 'pornography', 'games'] },
      { feedDomains: { games: ['play.example'] } },
    );
    await t.navigate(gamesPage);
    const page = t.fromPage(gamesPage);
    expect(await t.route({ type: 'blocked/lesson-unlock', minutes: 60 }, page)).toEqual(REFUSED);
    const unlocked = await t.route({ type: 'blocked/unlock-code', code: await codeAt(t.now()) }, page);
    expect(unlocked.ok && unlocked.view?.lessonUnlock).toBe('offered');
    expect(await t.route({ type: 'blocked/lesson-unlock', minutes: 60 }, page)).toEqual({ ok: true });
    const allows = [...t.dnr.session.values()];
    expect(allows.every((r) => r.priority === PRIORITY.TEMPORARY_ALLOW && r.action.type === 'allow')).toBe(true);
    const rules = [...t.dnr.dynamic.values(), ...allows];
    expect(blockReasonFor(rules, 'https://play.example/level/2', BLOCK_PAGE)).toBeNull();
    // Not its subdomains: a list may name something worse under an allowed host.
    expect(blockReasonFor(rules, 'https://adult.play.example/', BLOCK_PAGE)).toEqual({ kind: 'category', category: 'games' });
    expect(t.alarms).toEqual([['lesson-unlock:0', t.now() + 60 * 60_000]]);
    expect(t.audit.map((a) => a.detail)).toEqual([expect.stringMatching(/allowed play\.example on this device for 60 minutes/)]);
    expect(t.navigations.at(-1)).toEqual([3, 'https://play.example/level/1']);
    expect(t.events.events.map((e) => e.type)).toEqual(['blocked', 'unlocked', 'lesson-unlock']);
    await t.safety.lessonAlarm(t.alarms[0]![0]);
    expect(t.dnr.session.size).toBe(0);
  });

  it('no unlock opens a floor category for pupils, even when a page sends the message directly (issue 11 §2)', async () => {
    // KS2: www.pornhub.com is pornography; a host on the games list that a pornography list also names.
    const pornPage = `${BLOCK_PAGE}#reason=category&category=pornography&url=https://www.pornhub.com/`;
    const t = await pupilSafetyFixture(
      { keyStage: 'KS2', unlockCodeSecret: SECRET, categories: ['illegal', 'pornography', 'games'] },
      { feedDomains: { games: ['both.example'], pornography: ['both.example'] } },
    );
    await t.navigate(pornPage);
    const porn = t.fromPage(pornPage);
    const unlocked = await t.route({ type: 'blocked/unlock-code', code: await codeAt(t.now()) }, porn);
    expect(unlocked.ok && unlocked.view?.lessonUnlock).toBe('school-only');
    for (const minutes of [30, 60, 90] as const) expect(await t.route({ type: 'blocked/lesson-unlock', minutes }, porn)).toEqual(REFUSED);
    // The page names the games list, but the host is on a pornography list too: still the school's decision.
    const bothPage = `${BLOCK_PAGE}#reason=category&category=games&url=https://both.example/`;
    await t.navigate(bothPage, { tabId: 4 });
    const both = t.fromPage(bothPage, 4);
    t.tick(30_000);
    const again = await t.route({ type: 'blocked/unlock-code', code: await codeAt(t.now()) }, both);
    expect(again.ok && again.view?.lessonUnlock).toBe('offered');
    expect(await t.route({ type: 'blocked/lesson-unlock', minutes: 30 }, both)).toEqual(REFUSED);
    expect(t.dnr.session.size).toBe(0);
    expect(t.audit).toEqual([]);
  });
});
