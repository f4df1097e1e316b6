import { describe, expect, it } from 'vitest';
import { bakedGambling, BLOCK_PAGE, pupilSafetyFixture, REFUSED, UNKEYED_BLOCK_PAGE } from '@/test/fixtures/pupil-safety';
import { SAFE_PAGE_URL } from './blocked-page-check';

describe('the blocked page, as the background checks it', () => {
  it('trusts a blocked page only after seeing the rule redirect, and records one blocked event', async () => {
    const t = await pupilSafetyFixture();
    expect(await t.route({ type: 'blocked/hello' }, t.fromPage())).toEqual(REFUSED);
    await t.blocked();
    const reply = await t.route({ type: 'blocked/hello' }, t.fromPage());
    expect(reply.ok && reply.view?.adults).toEqual([{ role: 'class teacher', name: 'Miss Knight' }]);
    expect(t.events.events).toEqual([{ type: 'blocked', host: 'bet.example', tabId: 3, category: 'gambling' }]);
    // Another tab, a frame, a different hash, another extension or a web origin: refused.
    expect(await t.route({ type: 'blocked/hello' }, t.fromPage(t.blockedUrl, 4))).toEqual(REFUSED);
    expect(await t.route({ type: 'blocked/hello' }, t.fromPage(t.blockedUrl, 3, 2))).toEqual(REFUSED);
    expect(await t.route({ type: 'blocked/hello' }, t.fromPage(`${t.blockedUrl}&x`))).toEqual(REFUSED);
    expect(await t.route({ type: 'blocked/hello' }, { ...t.fromPage(), id: 'other' })).toEqual(REFUSED);
    expect(
      await t.route(
        { type: 'blocked/hello' },
        { ...t.fromPage(), url: 'https://evil.example/blocked.html', origin: 'https://evil.example' },
      ),
    ).toEqual(REFUSED);
    expect(await t.route({ type: 'nope' }, t.fromPage())).toEqual({ ok: false, error: 'bad-message' });
  });

  it('ignores blocked pages no rule redirect explains: forged server redirects, scripts, frames, forged reasons and alerts', async () => {
    const t = await pupilSafetyFixture();
    // A server redirect straight to the blocked page, naming the redirecting page itself.
    const evilPage = `${UNKEYED_BLOCK_PAGE}#reason=school&url=https://evil.example/`;
    await t.navigate(evilPage);
    expect(await t.route({ type: 'blocked/hello' }, t.fromPage(evilPage))).toEqual(REFUSED);
    // ... or naming a really blocked URL: without the device's key it is not the rules' page.
    const unkeyed = `${UNKEYED_BLOCK_PAGE}#reason=category&category=gambling&url=https://bet.example/x`;
    await t.navigate(unkeyed);
    expect(await t.route({ type: 'blocked/hello' }, t.fromPage(unkeyed))).toEqual(REFUSED);
    // A script or a reload (no server redirect), even with the key.
    await t.navigate(t.blockedUrl, { qualifiers: [] });
    expect(await t.route({ type: 'blocked/hello' }, t.fromPage())).toEqual(REFUSED);
    // A frame, and a reason the rules do not give.
    await t.navigate(t.blockedUrl, { frameId: 2 });
    expect(await t.route({ type: 'blocked/hello' }, t.fromPage())).toEqual(REFUSED);
    await t.navigate(`${BLOCK_PAGE}#reason=school&url=https://bet.example/x`, { tabId: 5 });
    expect(await t.route({ type: 'blocked/hello' }, t.fromPage(`${BLOCK_PAGE}#reason=school&url=https://bet.example/x`, 5))).toEqual(
      REFUSED,
    );
    // A monitoring alert is the background's own word only: a page that merely carries the reason gets nothing.
    const alert = `${BLOCK_PAGE}#reason=alert&category=self-harm&url=https://fine.example/`;
    await t.navigate(alert, { tabId: 6 });
    expect(await t.route({ type: 'blocked/hello' }, t.fromPage(alert, 6))).toEqual(REFUSED);
    expect(t.events.events).toEqual([]);
  });

  it('a key-less page from a list baked into the package is trusted only for a host that list holds', async () => {
    const page = `${UNKEYED_BLOCK_PAGE}#reason=category&category=gambling&url=https://www.baked-bet.example/a`;
    const t = await pupilSafetyFixture({}, { bakedLists: bakedGambling() });
    await t.navigate(page);
    const reply = await t.route({ type: 'blocked/hello' }, t.fromPage(page));
    expect(reply.ok && reply.view?.host).toBe('www.baked-bet.example');
    expect(t.events.events).toEqual([{ type: 'blocked', host: 'www.baked-bet.example', tabId: 3, category: 'gambling' }]);
    const other = `${UNKEYED_BLOCK_PAGE}#reason=category&category=gambling&url=https://not-baked.example/`;
    await t.navigate(other, { tabId: 4 });
    expect(await t.route({ type: 'blocked/hello' }, t.fromPage(other, 4))).toEqual(REFUSED);
    const wrongReason = page.replace('category=gambling', 'category=drugs');
    await t.navigate(wrongReason, { tabId: 5 });
    expect(await t.route({ type: 'blocked/hello' }, t.fromPage(wrongReason, 5))).toEqual(REFUSED);
    await t.navigate(page, { tabId: 6, qualifiers: [] });
    expect(await t.route({ type: 'blocked/hello' }, t.fromPage(page, 6))).toEqual(REFUSED);
    expect(t.events.events).toHaveLength(1);
    const off = await pupilSafetyFixture({}, { bakedLists: bakedGambling([]) });
    await off.navigate(page);
    expect(await off.route({ type: 'blocked/hello' }, off.fromPage(page))).toEqual(REFUSED);
    expect(off.events.events).toEqual([]);
  });

  it('a reload of a genuine blocked page keeps it trusted without a second event; closing the tab forgets it', async () => {
    const t = await pupilSafetyFixture();
    await t.blocked();
    await t.navigate(t.blockedUrl, { qualifiers: [] });
    expect((await t.route({ type: 'blocked/hello' }, t.fromPage())).ok).toBe(true);
    expect(t.events.events).toHaveLength(1);
    await t.safety.tabClosed(3);
    expect(await t.route({ type: 'blocked/hello' }, t.fromPage())).toEqual(REFUSED);
  });

  it('gives each block its kind of page: gambling is harmful, games and the school list are calm, staff get their own', async () => {
    const gamesPage = `${BLOCK_PAGE}#reason=category&category=games&url=https://play.example/`;
    const kindOf = async (t: Awaited<ReturnType<typeof pupilSafetyFixture>>, page: string) => {
      await t.navigate(page);
      const reply = await t.route({ type: 'blocked/hello' }, t.fromPage(page));
      return reply.ok ? reply.view?.kind : reply.error;
    };
    const ks1 = await pupilSafetyFixture(
      { keyStage: 'KS1', categories: ['illegal', 'gambling', 'games'] },
      { feedDomains: { games: ['play.example'] } },
    );
    expect(await kindOf(ks1, ks1.blockedUrl)).toBe('harmful');
    expect(await kindOf(ks1, gamesPage)).toBe('not-for-school');
    const moved = await pupilSafetyFixture(
      {
        keyStage: 'KS1',
        categories: ['illegal', 'gambling', 'games'],
        categoryPageKinds: { ...ks1.policy.categoryPageKinds, games: 'harmful' },
      },
      { feedDomains: { games: ['play.example'] } },
    );
    expect(await kindOf(moved, gamesPage)).toBe('harmful');
    const school = await pupilSafetyFixture({ blockDomains: ['homework-game.example'] });
    expect(await kindOf(school, `${BLOCK_PAGE}#reason=school&url=https://homework-game.example/`)).toBe('not-for-school');
    const staff = await pupilSafetyFixture({ keyStage: 'STAFF', categories: ['illegal', 'gambling'] });
    expect(await kindOf(staff, staff.blockedUrl)).toBe('staff');
  });

  it('Go back: a pupil may leave a calm page at once, but a harmful one only after an adult unlocks it', async () => {
    const t = await pupilSafetyFixture({ blockDomains: ['homework-game.example'] });
    await t.blocked();
    expect(await t.route({ type: 'blocked/go-back' }, t.fromPage())).toEqual(REFUSED);
    const calm = `${BLOCK_PAGE}#reason=school&url=https://homework-game.example/`;
    await t.navigate(calm, { tabId: 4 });
    t.setCanGoBack(true);
    expect(await t.route({ type: 'blocked/go-back' }, t.fromPage(calm, 4))).toEqual({ ok: true });
    expect(t.navigations.at(-1)).toEqual([4, 'back']);
    // With nowhere to go back to, a new tab page.
    await t.navigate(calm, { tabId: 5 });
    t.setCanGoBack(false);
    expect(await t.route({ type: 'blocked/go-back' }, t.fromPage(calm, 5))).toEqual({ ok: true });
    expect(t.navigations.at(-1)).toEqual([5, SAFE_PAGE_URL]);
  });

  it('an unblock request is sent once, only for older pupils and staff', async () => {
    const t = await pupilSafetyFixture();
    await t.blocked();
    await t.route({ type: 'blocked/request-unblock' }, t.fromPage());
    const again = await t.route({ type: 'blocked/request-unblock' }, t.fromPage());
    expect(again.ok && again.view?.requestSent).toBe(true);
    expect(t.events.events.filter((e) => e.type === 'unblock-request')).toEqual([
      { type: 'unblock-request', host: 'bet.example', category: 'gambling' },
    ]);
    const young = await pupilSafetyFixture({ keyStage: 'KS1', approvedSitesOnly: false });
    await young.blocked();
    expect(await young.route({ type: 'blocked/request-unblock' }, young.fromPage())).toEqual(REFUSED);
  });

  it("a monitoring alert sends the tab to the harmful page with support first, on the background's word only", async () => {
    const t = await pupilSafetyFixture();
    expect(await t.safety.showAlertPage(9, 'self-harm')).toBe(true);
    const page = `${BLOCK_PAGE}#reason=alert&category=self-harm&url=https://fine.example/`;
    expect(t.navigations).toEqual([[9, page]]);
    const reply = await t.route({ type: 'blocked/hello' }, t.fromPage(page, 9));
    expect(reply.ok && reply.view).toMatchObject({
      kind: 'harmful',
      supportFirst: true,
      helpLines: ['childline', 'meic', 'ceop'],
      canGoBack: false,
    });
    // Not on a browser page.
    expect(await t.safety.showAlertPage(99, 'self-harm')).toBe(false);
  });

  it('the popup hears the school, its adults and whether it is school time (UK time)', async () => {
    const t = await pupilSafetyFixture({ schoolName: 'Oakfield Primary' });
    const popup = { id: 'ext', url: 'chrome-extension://ext/popup.html', origin: 'chrome-extension://ext' };
    // 24 November 2026 10:00 UTC is a Tuesday, 10:00 in London.
    expect(await t.route({ type: 'popup/hello' }, popup)).toEqual({
      ok: true,
      popup: { keyStage: 'KS3', schoolName: 'Oakfield Primary', adults: [{ role: 'class teacher', name: 'Miss Knight' }], atSchool: true },
    });
    expect(await t.route({ type: 'popup/hello' }, t.fromPage())).toEqual(REFUSED);
  });
});
