import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  blockedPagePrefix,
  launchBrowser,
  sessionBlockedPageUrl,
  startTestServer,
  writePolicy,
  closeAll,
  type LaunchedBrowser,
  type TestServer,
} from './harness';
import { pageState, recordedEvents } from './pupil-helpers';

let server: TestServer | undefined;
let browser: LaunchedBrowser | undefined;
let work: string;
let extensionDir: string;

/** A separate build with LISTS_DIR, into a temporary folder, so the main build stays as it is. */
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'safeguard-baked-'));
  const listsDir = join(work, 'lists');
  execFileSync('mkdir', ['-p', listsDir]);
  writeFileSync(
    join(listsDir, 'gambling.txt'),
    ['# baked test list', 'baked-bet.test', ...Array.from({ length: 150_000 }, (_, i) => `bet${i}.baked-bet2.test`), 'archive.org'].join(
      '\n',
    ),
  );
  writeFileSync(join(listsDir, 'games.hosts'), '0.0.0.0 baked-game.test\n');
  execFileSync(process.execPath, [resolve('node_modules/wxt/bin/wxt.mjs'), 'build'], {
    cwd: resolve(import.meta.dirname, '../..'),
    env: { ...process.env, LISTS_DIR: listsDir, SAFEGUARD_OUT_DIR: join(work, 'out') },
    stdio: 'ignore',
  });
  extensionDir = join(work, 'out', 'chrome-mv3');
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

afterEach(async () => {
  await closeAll(browser, server);
  browser = server = undefined;
});

async function visitIsBlocked(b: LaunchedBrowser, url: string): Promise<boolean> {
  const { page, finalUrl } = await b.visit(url);
  await page.close();
  return finalUrl.startsWith(blockedPagePrefix());
}

describe('lists baked into the package as static rulesets', () => {
  it("enables only the key stage's categories, redirects to the blocked page, and switches with the key stage", async () => {
    // A page that forges the key-less blocked page with a server redirect, for a host no list holds
    // (playing one that learnt the page's session address: the fixed one cannot be loaded at all).
    let blockedHtml = '';
    server = await startTestServer([
      (req, res) => {
        if (req.headers.host?.startsWith('forger.test') !== true) return false;
        res.writeHead(302, { location: `${blockedHtml}#reason=category&category=gambling&url=http://not-listed.test/` });
        res.end();
        return true;
      },
    ]);
    writePolicy({ keyStage: 'KS3', schoolId: 'URN-baked', adults: [{ role: 'teacher', name: 'Mr Baked' }] });
    browser = await launchBrowser({ server, extensionDir });
    blockedHtml = await sessionBlockedPageUrl(browser);
    const status = await browser.waitForStatus((s) => s.source === 'admin' && s.bakedListsEnabled !== undefined);
    expect(status.bakedListsEnabled?.sort()).toEqual(['list_gambling']);
    const { page, finalUrl } = await browser.visit('http://www.baked-bet.test/');
    expect(finalUrl.startsWith(blockedPagePrefix())).toBe(true);
    expect(finalUrl).toContain('category=gambling');
    // Static rules cannot carry the device key; the host index confirms the page, so the pupil gets
    // the whole page (the adults to tell) and the DSL gets the event.
    await pageState(page, 'blocked');
    expect(await page.locator('body').textContent()).toContain('Mr Baked');
    await page.close();
    expect((await recordedEvents(browser)).filter((e) => e.type === 'blocked')).toEqual([
      { type: 'blocked', host: 'www.baked-bet.test', category: 'gambling' },
    ]);
    const forged = await browser.visit('http://forger.test/');
    expect(forged.finalUrl).toContain('not-listed.test');
    await pageState(forged.page, 'message-only');
    await forged.page.close();
    expect(await visitIsBlocked(browser, 'http://bet149999.baked-bet2.test/')).toBe(true);
    // KS3 does not block games; the guard kept archive.org out of the baked list.
    expect(await visitIsBlocked(browser, 'http://baked-game.test/')).toBe(false);
    expect(await visitIsBlocked(browser, 'http://archive.org/')).toBe(false);

    writePolicy({ keyStage: 'STAFF', schoolId: 'URN-baked', addCategories: ['games'] });
    await browser.reloadPolicy();
    const staff = await browser.waitForStatus((s) => s.keyStage === 'STAFF', 60_000);
    expect(staff.bakedListsEnabled?.sort()).toEqual(['list_games']);
    expect(await visitIsBlocked(browser, 'http://baked-bet.test/')).toBe(false);
    expect(await visitIsBlocked(browser, 'http://baked-game.test/')).toBe(true);
  });
});
