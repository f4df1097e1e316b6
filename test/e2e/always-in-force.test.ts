import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FilterStatus } from '../../src/core/status';
import { browseContinuously, type Visit } from './browsing';
import { EXTENSION_DIR, launchBrowser, removePolicy, startTestServer, writePolicy, type LaunchedBrowser, type TestServer } from './harness';
import { OLD_FILTER_STATUS } from '../fixtures/old-records';
import { pageState, screenshot } from './pupil-helpers';

declare const chrome: {
  runtime: { getManifest(): { version: string } };
  declarativeNetRequest: { getEnabledRulesets(): Promise<string[]> };
  storage: {
    local: { set(items: Record<string, unknown>): Promise<void> };
    session: { remove(key: string): Promise<void> };
  };
};

/**
 * One device's life, browsed without a pause at every step: first install, the service worker
 * stopped, a browser restart, an extension update, a policy change, an invalid policy. Each step
 * counts the requests that reached a blocked host's server, which must be none. The steps share
 * one profile and one copy of the extension (so its version can be bumped), in order.
 */

const SCHOOL_BLOCKED = 'school-blocked.test';
const CATEGORY_BLOCKED = 'www.bet365.com';
const ORDINARY = 'ordinary-site.test';
const SIGN_IN = 'accounts.google.com';
const LATER_BLOCKED = 'later-blocked.test';
const KS2 = { keyStage: 'KS2', schoolId: 'URN-always', blockDomains: [SCHOOL_BLOCKED], adults: [{ role: 'teacher', name: 'Ms Always' }] };
/** A navigation every 250 ms, blocked and ordinary hosts alternating. */
const BROWSING = [`http://${SCHOOL_BLOCKED}/`, `http://${ORDINARY}/`, `http://${CATEGORY_BLOCKED}/`, `http://${ORDINARY}/page2`];

let server: TestServer;
let browser: LaunchedBrowser | undefined;
let work: string;
let extensionDir: string;
let profile: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'safeguard-always-'));
  extensionDir = join(work, 'extension');
  profile = join(work, 'profile');
  cpSync(EXTENSION_DIR, extensionDir, { recursive: true });
  server = await startTestServer();
});

afterAll(async () => {
  await browser?.close();
  await server.close();
  removePolicy();
  rmSync(work, { recursive: true, force: true });
});

const launch = () => launchBrowser({ server, extensionDir, userDataDir: profile });
const tab = async (b: LaunchedBrowser): Promise<Page> => b.context.pages()[0] ?? (await b.context.newPage());
const reached = (hosts: string[], after = 0) => hosts.flatMap((host) => server.requestsTo(host)).filter((r) => r.at >= after);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const outcomes = (visits: Visit[], host: string) => visits.filter((v) => new URL(v.url).hostname === host).map((v) => v.outcome);

/** Browses `urls` for `ms`, with `during` run alongside; returns the visits. */
async function browseFor(page: Page, ms: number, urls: readonly string[] = BROWSING, during?: () => Promise<void>): Promise<Visit[]> {
  const browsing = browseContinuously(page, urls);
  await Promise.all([sleep(ms), during?.()]);
  return browsing.stop();
}

describe('always in force: a pupil browsing from the first second', () => {
  it('first install: the strictest profile from the first navigation, the admin policy once Chrome delivers it', async () => {
    writePolicy(KS2);
    const started = Date.now();
    browser = await launch();
    const b = browser;
    let whilePending: FilterStatus | null = null;
    const visits = await browseFor(await tab(b), 6_000, [...BROWSING, `https://${SIGN_IN}/`], async () => {
      whilePending = await b.waitForStatus((s) => s.policyPendingSince !== null, 5_000);
      const options = await b.context.newPage();
      await options.goto(`chrome-extension://${b.extensionId}/options.html`);
      await expect.poll(() => options.locator('#policy-pending').textContent()).toMatch(/^Pending since .*the strictest profile\.$/);
      expect(await options.locator('#strictest-ruleset').textContent()).toMatch(/^On:/);
      await screenshot(options, 'status-policy-pending');
      await options.close();
      // The key-less page the strictest ruleset redirects to is confirmed: the pupil gets the whole page.
      const blocked = await b.context.newPage();
      await blocked.goto(`http://${SCHOOL_BLOCKED}/`).catch(() => undefined);
      await pageState(blocked, 'blocked');
      expect(blocked.url()).toMatch(/blocked\.html#reason=/);
      await blocked.close();
    });
    // Chrome held the policy back the whole time: the strictest profile was in force, from the first navigation.
    expect(reached([SCHOOL_BLOCKED, CATEGORY_BLOCKED], started)).toEqual([]);
    expect(outcomes(visits, ORDINARY).every((o) => o === 'blocked')).toBe(true);
    expect(outcomes(visits, SIGN_IN).every((o) => o === 'served')).toBe(true);
    expect(whilePending).toMatchObject({ source: 'default', keyStage: 'EYFS', strictestRulesetOn: true });

    // The pupil stops; Chrome delivers the policy; the engine applies it at once.
    const status = await b.waitForStatus((s) => s.source === 'admin', 30_000);
    expect(status).toMatchObject({ keyStage: 'KS2', policyPendingSince: null, strictestRulesetOn: false });
    expect(Date.parse(status.inForceSince) - Date.parse(status.policyReceivedAt ?? '')).toBeLessThan(1_000);
    expect(await b.currentWorker().evaluate(() => chrome.declarativeNetRequest.getEnabledRulesets())).toEqual([]);
    const after = await browseFor(await tab(b), 1_500);
    expect(outcomes(after, ORDINARY).every((o) => o === 'served')).toBe(true);
    const options = await b.context.newPage();
    await options.goto(`chrome-extension://${b.extensionId}/options.html`);
    await expect.poll(() => options.locator('#policy-received').textContent()).toMatch(/^Received /);
    expect(await options.locator('#strictest-ruleset').textContent()).toMatch(/^Off:/);
    expect(await options.locator('#in-force-since').textContent()).toBeTruthy();
    await options.close();
    expect(reached([SCHOOL_BLOCKED, CATEGORY_BLOCKED], started)).toEqual([]);
  });

  it('service worker stopped: the rules stay, and a new worker confirms blocked pages from the stored policy', async () => {
    const b = browser!;
    const started = Date.now();
    await b.currentWorker().evaluate(() => ((globalThis as { workerLife?: string }).workerLife = 'before the stop'));
    const visits = await browseFor(await tab(b), 3_000, BROWSING, async () => {
      // Stopped the way chrome://serviceworker-internals does; the next blocked page wakes a new one.
      const internals = await b.context.newPage();
      await internals.goto('chrome://serviceworker-internals/');
      await internals.getByText('Stop', { exact: true }).first().click();
      await internals.close();
    });
    const life = () =>
      b
        .currentWorker()
        .evaluate(() => (globalThis as { workerLife?: string }).workerLife ?? 'new')
        .catch(() => 'stopped');
    await expect.poll(life).toBe('new');
    expect(reached([SCHOOL_BLOCKED, CATEGORY_BLOCKED], started)).toEqual([]);
    expect(outcomes(visits, SCHOOL_BLOCKED).every((o) => o === 'blocked')).toBe(true);
    // The blocked page woke a new worker, which judged it genuine against the policy it found stored (a harmful
    // category's page names the school's adults only once the background vouches for it).
    const page = await b.context.newPage();
    await page.goto(`http://${CATEGORY_BLOCKED}/`).catch(() => undefined);
    await pageState(page, 'blocked');
    expect(await page.locator('body').textContent()).toContain('Ms Always');
    await page.close();
  });

  it('browser restart: the restart copy and the strictest ruleset hold, the last good policy is in within a second or two', async () => {
    await browser!.context.close();
    const started = Date.now();
    browser = await launch();
    const visits = await browseFor(await tab(browser), 5_000);
    expect(reached([SCHOOL_BLOCKED, CATEGORY_BLOCKED], started)).toEqual([]);
    // Chrome (re)loaded the extension with its manifest's enabled rulesets; the last good policy replaced them at once.
    const ordinary = visits.filter((v) => new URL(v.url).hostname === ORDINARY);
    expect(ordinary.filter((v) => v.at > 3_000).every((v) => v.outcome === 'served')).toBe(true);
    expect(await browser.waitForStatus((s) => s.source === 'admin', 30_000)).toMatchObject({ keyStage: 'KS2', strictestRulesetOn: false });
  });

  it('extension update (version bump): session rules gone, dynamic rules kept, nothing reaches a blocked host', async () => {
    await browser!.context.close();
    const manifestFile = join(extensionDir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { version: string };
    writeFileSync(manifestFile, JSON.stringify({ ...manifest, version: '99.0.0' }));
    const started = Date.now();
    browser = await launch();
    await browseFor(await tab(browser), 4_000);
    expect(reached([SCHOOL_BLOCKED, CATEGORY_BLOCKED], started)).toEqual([]);
    expect(await browser.currentWorker().evaluate(() => chrome.runtime.getManifest().version)).toBe('99.0.0');
    expect(await browser.waitForStatus((s) => s.source === 'admin', 30_000)).toMatchObject({ keyStage: 'KS2', strictestRulesetOn: false });

    // A status record as the version before wrote it: the status page reads it, upgraded, without failing.
    await browser.currentWorker().evaluate(async (old) => {
      await chrome.storage.session.remove('status');
      await chrome.storage.local.set({ status: old });
    }, OLD_FILTER_STATUS);
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await expect.poll(() => options.locator('#key-stage').textContent()).toMatch(/^KS3/);
    expect(await options.locator('#issues').textContent()).toContain(OLD_FILTER_STATUS.compileErrors[0]?.message);
    await options.close();
  });

  it("a policy change after start-up is in force within Chrome's delivery time plus a second", async () => {
    const b = browser!;
    const started = Date.now();
    const visits = await browseFor(await tab(b), 5_000, [`http://${LATER_BLOCKED}/`, `http://${ORDINARY}/`], async () => {
      await sleep(500);
      writePolicy({ ...KS2, blockDomains: [SCHOOL_BLOCKED, LATER_BLOCKED] });
      await b.reloadPolicy();
    });
    const status = await b.waitForStatus((s) => s.schoolBlock === 2);
    const received = Date.parse(status.policyReceivedAt ?? '');
    expect(received).toBeGreaterThan(started);
    expect(Date.parse(status.inForceSince) - received).toBeLessThan(1_000);
    // Every visit that reached the newly blocked host started before Chrome delivered the change, or within a second of it.
    expect(reached([LATER_BLOCKED], received + 1_000)).toEqual([]);
    expect(outcomes(visits, LATER_BLOCKED).at(-1)).toBe('blocked');
  });

  it('an invalid policy replacing a valid one keeps the last good policy in force throughout', async () => {
    const b = browser!;
    const started = Date.now();
    const visits = await browseFor(await tab(b), 4_000, BROWSING, async () => {
      await sleep(500);
      writePolicy({ schoolId: 'URN-always', blockDomains: [] });
      await b.reloadPolicy();
    });
    expect(reached([SCHOOL_BLOCKED, CATEGORY_BLOCKED, LATER_BLOCKED], started)).toEqual([]);
    expect(await b.waitForStatus((s) => s.source === 'last-good')).toMatchObject({ keyStage: 'KS2', strictestRulesetOn: false });
    expect(outcomes(visits, ORDINARY).every((o) => o === 'served')).toBe(true);
  });
});
