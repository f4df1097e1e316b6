import { describe, expect, it } from 'vitest';
import { createPupilSafetyStore } from '@/src/adapters/blocked-tabs';
import { createFakeDnrPort } from '@/test/fixtures/fake-dnr-port';
import type { TabsPort } from '@/src/adapters/tabs-port';
import { blockPageUrlFor } from '@/src/core/blocked-navigation';
import type { AuditEntry } from '@/src/core/audit';
import { makePinHash, MIN_PIN_ITERATIONS } from '@/src/core/pin';
import { defaultPolicy, type EffectivePolicy } from '@/src/core/policy/resolve';
import { compileRules } from '@/src/core/rules/compiler';
import { PRIORITY } from '@/src/core/rules/rule-ids';
import { createHostIndexBuilder } from '@/src/core/lists/host-index';
import { createBakedLists, type BakedLists } from './baked-lists';
import { createMemoryEventRecorder } from './event-recorder';
import { createMessageRouter } from './message-router';
import { createPupilSafety, SAFE_PAGE_URL } from './pupil-safety';

const ORIGIN = 'chrome-extension://ext';
const PAGE = blockPageUrlFor(`${ORIGIN}/blocked.html`, 'a1b2c3d4e5f60718293a4b5c6d7e8f90');
/** What a forger can write: the blocked page without this device's key. */
const UNKEYED_PAGE = `${ORIGIN}/blocked.html`;
const PIN = '2468';

function memoryArea() {
  const data: Record<string, unknown> = {};
  return {
    data,
    async get(key: string) {
      return key in data ? { [key]: structuredClone(data[key]) } : {};
    },
    async set(items: Record<string, unknown>) {
      Object.assign(data, structuredClone(items));
    },
  };
}

/** A package with the gambling list baked in (enabled) holding baked-bet.example. */
function bakedGambling(enabled = ['list_gambling']) {
  const index = createHostIndexBuilder();
  index.add('baked-bet.example');
  const bytes = index.finish();
  return createBakedLists({
    enabledRulesets: async () => enabled,
    loadIndex: async (id) => (id === 'list_gambling' ? bytes.buffer.slice(0) : null),
    warn: () => undefined,
  });
}

async function setup(overrides: Partial<EffectivePolicy> = {}, bakedLists?: BakedLists) {
  const policy: EffectivePolicy = { ...defaultPolicy('KS3'), adults: [{ role: 'teacher', name: 'Miss Knight' }], ...overrides };
  const dnr = createFakeDnrPort();
  for (const rule of compileRules({ policy, blockPageUrl: PAGE, feedDomains: { gambling: ['bet.example'] } }).rules)
    dnr.dynamic.set(rule.id, rule);
  const tabUrls = new Map<number, string>([
    [7, 'https://upsetting.example/v?id=1'],
    [8, 'https://upsetting.example/other'],
    [9, 'https://fine.example/'],
  ]);
  const navigations: [number, string][] = [];
  const tabs: TabsPort = {
    async cover(tabId) {
      navigations.push([tabId, 'cover']);
    },
    async navigate(tabId, url) {
      navigations.push([tabId, url]);
      tabUrls.set(tabId, url);
    },
    async goBack() {
      return false;
    },
    async reload(tabId) {
      navigations.push([tabId, 'reload']);
    },
    async urlOf(tabId) {
      return tabUrls.get(tabId) ?? null;
    },
    async allTabs() {
      return [...tabUrls].map(([id, url]) => ({ id, url }));
    },
    async activeTabId() {
      return 7;
    },
  };
  const events = createMemoryEventRecorder();
  const audit: AuditEntry[] = [];
  const alarms: [string, number][] = [];
  let now = 1_000_000;
  const safety = createPupilSafety({
    dnr,
    // Everything installed, read back whole: what the real view narrows down (installed-rules.test.ts).
    installedRules: { forHost: async () => ({ dynamic: [...dnr.dynamic.values()], session: [...dnr.session.values()] }) },
    ...(bakedLists ? { bakedLists } : {}),
    tabs,
    store: createPupilSafetyStore(memoryArea(), memoryArea()),
    events,
    audit: { append: async (entry) => void audit.push(entry), recent: async () => audit },
    policy: async () => ({ policy, source: 'admin' }),
    alarms: { create: (name, when) => void alarms.push([name, when]), clear: () => undefined },
    blockPageUrl: async () => PAGE,
    now: () => now,
  });
  const route = createMessageRouter({ extensionId: 'ext', extensionOrigin: ORIGIN, safety, activeTabId: tabs.activeTabId });
  const blockedUrl = `${PAGE}#reason=category&category=gambling&url=https://bet.example/x`;
  const fromPage = (url = blockedUrl, tabId = 3, frameId = 0) => ({ id: 'ext', url, origin: ORIGIN, frameId, tab: { id: tabId } });
  /** What webNavigation reports: the blocked page committing `pageUrl` in a frame of a tab. */
  const navigate = async (pageUrl: string, { tabId = 3, frameId = 0, qualifiers = ['server_redirect'] } = {}) => {
    now += 40;
    await safety.blockedPageCommitted({ tabId, frameId, url: pageUrl, transitionQualifiers: qualifiers });
  };
  /** A rule redirect of a navigation to https://bet.example/x in tab 3 (directly or after a redirect chain). */
  const blocked = () => navigate(blockedUrl);
  return {
    safety,
    route,
    dnr,
    events,
    audit,
    alarms,
    navigations,
    navigate,
    blocked,
    blockedUrl,
    fromPage,
    now: () => now,
    tick: (ms: number) => (now += ms),
  };
}

describe('pupil safety in the background', () => {
  it('trusts a blocked page only after seeing the rule redirect, and records one blocked event', async () => {
    const t = await setup();
    expect(await t.route({ type: 'blocked/hello' }, t.fromPage())).toEqual({ ok: false, error: 'not-allowed' });
    await t.blocked();
    const reply = await t.route({ type: 'blocked/hello' }, t.fromPage());
    expect(reply.ok && reply.view?.adults).toEqual([{ role: 'teacher', name: 'Miss Knight' }]);
    expect(t.events.events).toEqual([{ type: 'blocked', host: 'bet.example', tabId: 3, category: 'gambling' }]);
    // Another tab, a frame, a different hash, another extension or a web origin: refused.
    expect(await t.route({ type: 'blocked/hello' }, t.fromPage(t.blockedUrl, 4))).toEqual({ ok: false, error: 'not-allowed' });
    expect(await t.route({ type: 'blocked/hello' }, t.fromPage(t.blockedUrl, 3, 2))).toEqual({ ok: false, error: 'not-allowed' });
    expect(await t.route({ type: 'blocked/hello' }, t.fromPage(`${t.blockedUrl}&x`))).toEqual({ ok: false, error: 'not-allowed' });
    expect(await t.route({ type: 'blocked/hello' }, { ...t.fromPage(), id: 'other' })).toEqual({ ok: false, error: 'not-allowed' });
    expect(
      await t.route(
        { type: 'blocked/hello' },
        { ...t.fromPage(), url: 'https://evil.example/blocked.html', origin: 'https://evil.example' },
      ),
    ).toEqual({ ok: false, error: 'not-allowed' });
    expect(await t.route({ type: 'nope' }, t.fromPage())).toEqual({ ok: false, error: 'bad-message' });
  });

  it('ignores blocked pages no rule redirect explains: forged server redirects, scripts, frames, forged reasons', async () => {
    const t = await setup();
    const refused = { ok: false, error: 'not-allowed' };
    // A server redirect straight to the blocked page, naming the redirecting page itself.
    const evilPage = `${UNKEYED_PAGE}#reason=school&url=https://evil.example/`;
    await t.navigate(evilPage);
    expect(await t.route({ type: 'blocked/hello' }, t.fromPage(evilPage))).toEqual(refused);
    // ... or naming a really blocked URL: without the device's key it is not the rules' page.
    const unkeyed = `${UNKEYED_PAGE}#reason=category&category=gambling&url=https://bet.example/x`;
    await t.navigate(unkeyed);
    expect(await t.route({ type: 'blocked/hello' }, t.fromPage(unkeyed))).toEqual(refused);
    // A script or a reload (no server redirect), even with the key.
    await t.navigate(t.blockedUrl, { qualifiers: [] });
    expect(await t.route({ type: 'blocked/hello' }, t.fromPage())).toEqual(refused);
    // A frame, and a reason the rules do not give.
    await t.navigate(t.blockedUrl, { frameId: 2 });
    expect(await t.route({ type: 'blocked/hello' }, t.fromPage())).toEqual(refused);
    await t.navigate(`${PAGE}#reason=school&url=https://bet.example/x`, { tabId: 5 });
    expect(await t.route({ type: 'blocked/hello' }, t.fromPage(`${PAGE}#reason=school&url=https://bet.example/x`, 5))).toEqual(refused);
    expect(t.events.events).toEqual([]);
  });

  it('a key-less page from a list baked into the package is trusted only for a host that list holds', async () => {
    const refused = { ok: false, error: 'not-allowed' };
    const page = `${UNKEYED_PAGE}#reason=category&category=gambling&url=https://www.baked-bet.example/a`;
    const t = await setup({}, bakedGambling());
    await t.navigate(page);
    const reply = await t.route({ type: 'blocked/hello' }, t.fromPage(page));
    expect(reply.ok && reply.view?.host).toBe('www.baked-bet.example');
    expect(t.events.events).toEqual([{ type: 'blocked', host: 'www.baked-bet.example', tabId: 3, category: 'gambling' }]);
    // A host no baked list holds, the wrong category, or a script: refused, nothing recorded.
    const other = `${UNKEYED_PAGE}#reason=category&category=gambling&url=https://not-baked.example/`;
    await t.navigate(other, { tabId: 4 });
    expect(await t.route({ type: 'blocked/hello' }, t.fromPage(other, 4))).toEqual(refused);
    const wrongReason = page.replace('category=gambling', 'category=drugs');
    await t.navigate(wrongReason, { tabId: 5 });
    expect(await t.route({ type: 'blocked/hello' }, t.fromPage(wrongReason, 5))).toEqual(refused);
    await t.navigate(page, { tabId: 6, qualifiers: [] });
    expect(await t.route({ type: 'blocked/hello' }, t.fromPage(page, 6))).toEqual(refused);
    expect(t.events.events).toHaveLength(1);
    // The same page while the policy has the baked list switched off: refused.
    const off = await setup({}, bakedGambling([]));
    await off.navigate(page);
    expect(await off.route({ type: 'blocked/hello' }, off.fromPage(page))).toEqual(refused);
    expect(off.events.events).toEqual([]);
  });

  it('a reload of a genuine blocked page keeps it trusted without a second event; closing the tab forgets it', async () => {
    const t = await setup();
    await t.blocked();
    await t.navigate(t.blockedUrl, { qualifiers: [] });
    expect((await t.route({ type: 'blocked/hello' }, t.fromPage())).ok).toBe(true);
    expect(t.events.events).toHaveLength(1);
    await t.safety.tabClosed(3);
    expect(await t.route({ type: 'blocked/hello' }, t.fromPage())).toEqual({ ok: false, error: 'not-allowed' });
  });

  it('PIN unlock: wrong PINs back off, the right one unlocks and a lesson allow is added with an alarm and audit entry', async () => {
    const t = await setup({ unlockPinHash: await makePinHash(PIN, MIN_PIN_ITERATIONS) });
    await t.blocked();
    expect(await t.route({ type: 'blocked/lesson-unlock', minutes: 60 }, t.fromPage())).toEqual({ ok: false, error: 'not-allowed' });
    for (let i = 0; i < 3; i++)
      expect(await t.route({ type: 'blocked/unlock-pin', pin: '1111' }, t.fromPage())).toEqual({ ok: false, error: 'wrong-pin' });
    const locked = await t.route({ type: 'blocked/unlock-pin', pin: '1111' }, t.fromPage());
    expect(locked).toMatchObject({ ok: false, error: 'locked-out' });
    expect(await t.route({ type: 'blocked/unlock-pin', pin: PIN }, t.fromPage())).toMatchObject({ ok: false, error: 'locked-out' });
    t.tick(60_000);
    const unlocked = await t.route({ type: 'blocked/unlock-pin', pin: PIN }, t.fromPage());
    expect(unlocked.ok && unlocked.view?.unlocked).toBe(true);
    expect(await t.route({ type: 'blocked/lesson-unlock', minutes: 60 }, t.fromPage())).toEqual({ ok: true });
    const [allow] = [...t.dnr.session.values()];
    expect(allow).toMatchObject({
      priority: PRIORITY.TEMPORARY_ALLOW,
      action: { type: 'allow' },
      condition: { requestDomains: ['bet.example'] },
    });
    expect(t.alarms).toHaveLength(1);
    expect(t.audit.map((a) => a.kind)).toEqual(['lesson-unlock']);
    expect(t.navigations.at(-1)).toEqual([3, 'https://bet.example/x']);
    expect(t.events.events.map((e) => e.type)).toEqual(['blocked', 'unlocked', 'lesson-unlock']);
    await t.safety.lessonAlarm(t.alarms[0]![0]);
    expect(t.dnr.session.size).toBe(0);
  });

  it('without a PIN: hold must last 3 s, and no lesson unlock is offered', async () => {
    const t = await setup();
    await t.blocked();
    expect(await t.route({ type: 'blocked/unlock-hold' }, t.fromPage())).toEqual({ ok: false, error: 'too-soon' });
    await t.route({ type: 'blocked/hold-start' }, t.fromPage());
    t.tick(1_000);
    expect(await t.route({ type: 'blocked/unlock-hold' }, t.fromPage())).toEqual({ ok: false, error: 'too-soon' });
    await t.route({ type: 'blocked/hold-start' }, t.fromPage());
    t.tick(3_000);
    const reply = await t.route({ type: 'blocked/unlock-hold' }, t.fromPage());
    expect(reply.ok && reply.view).toMatchObject({ unlocked: true, canLessonUnlock: false });
    expect(await t.route({ type: 'blocked/unlock-pin', pin: PIN }, t.fromPage())).toEqual({ ok: false, error: 'not-allowed' });
    expect(await t.route({ type: 'blocked/go-back' }, t.fromPage())).toEqual({ ok: true });
    expect(t.navigations.at(-1)).toEqual([3, SAFE_PAGE_URL]);
  });

  it('report from the popup: dark page first, session block, other tabs covered, one event with the host only', async () => {
    const t = await setup();
    const popup = { id: 'ext', url: `${ORIGIN}/popup.html`, origin: ORIGIN };
    expect(await t.route({ type: 'popup/report' }, popup)).toEqual({ ok: true });
    // Each tab is covered black before it navigates to the dark page.
    expect(t.navigations).toEqual([
      [7, 'cover'],
      [7, `${PAGE}#reason=reported&url=https://upsetting.example/v?id=1`],
      [8, 'cover'],
      [8, `${PAGE}#reason=reported&url=https://upsetting.example/other`],
    ]);
    const rules = [...t.dnr.session.values()];
    expect(rules.every((r) => r.priority === PRIORITY.REPORTED_SESSION_BLOCK)).toBe(true);
    // The address goes no further than the recorder unless the school sets reports.sendPageAddress (anonymise.ts).
    expect(t.events.events).toEqual([{ type: 'reported', host: 'upsetting.example', url: 'https://upsetting.example/v?id=1' }]);
    const reply = await t.route({ type: 'blocked/hello' }, t.fromPage(t.navigations[1]![1], 7));
    expect(reply.ok && reply.view).toMatchObject({ dark: true, canRequestUnblock: false, canLessonUnlock: false });
    // Reporting again from the blocked page's tab keeps it dark (reloads it) without a second block.
    expect(await t.safety.reportTab(7)).toBe(true);
    expect(t.navigations.at(-1)).toEqual([7, 'reload']);
    // The blocked page may not report, and the popup may not act on blocked tabs.
    expect(await t.route({ type: 'popup/report' }, t.fromPage())).toEqual({ ok: false, error: 'not-allowed' });
    expect(await t.route({ type: 'blocked/darken' }, popup)).toEqual({ ok: false, error: 'not-allowed' });
  });

  it('an unblock request is sent once, only for older pupils and staff', async () => {
    const t = await setup();
    await t.blocked();
    await t.route({ type: 'blocked/request-unblock' }, t.fromPage());
    const again = await t.route({ type: 'blocked/request-unblock' }, t.fromPage());
    expect(again.ok && again.view?.requestSent).toBe(true);
    expect(t.events.events.filter((e) => e.type === 'unblock-request')).toEqual([
      { type: 'unblock-request', host: 'bet.example', category: 'gambling' },
    ]);
    const young = await setup({ keyStage: 'KS1', approvedSitesOnly: false });
    await young.blocked();
    expect(await young.route({ type: 'blocked/request-unblock' }, young.fromPage())).toEqual({ ok: false, error: 'not-allowed' });
  });
});
