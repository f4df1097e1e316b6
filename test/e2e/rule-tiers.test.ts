import { afterEach, describe, expect, it } from 'vitest';
import { PRIORITY, RESTART_COPY_ID_OFFSET, RESTART_COPY_PRIORITY, RULE_ID, SESSION_RULE_ID_BASE } from '../../src/core/rules/rule-ids';
import {
  blockedPagePrefix,
  closeAll,
  launchWithPolicy,
  startTestServer,
  writePolicy,
  type LaunchedBrowser,
  type TestServer,
} from './harness';

declare const chrome: {
  declarativeNetRequest: {
    getSessionRules(): Promise<{ id: number }[]>;
    getDynamicRules(): Promise<{ id: number; priority: number }[]>;
    updateSessionRules(o: { removeRuleIds?: number[]; addRules?: unknown[] }): Promise<void>;
    updateDynamicRules(o: { removeRuleIds?: number[]; addRules?: unknown[] }): Promise<void>;
  };
  storage: { local: { get(key: string): Promise<Record<string, unknown>> } };
};

let server: TestServer | undefined;
let browser: LaunchedBrowser | undefined;

afterEach(async () => {
  await closeAll(browser, server);
  browser = server = undefined;
});

const isBlocked = async (url: string) => {
  const { page, finalUrl } = await browser!.visit(url);
  await page.close();
  return finalUrl.startsWith(blockedPagePrefix());
};

/** What a browser restart does to the rules: session rules gone, dynamic ones kept. */
const dropPolicySessionRules = () =>
  browser!.currentWorker().evaluate(async (base) => {
    const ids = (await chrome.declarativeNetRequest.getSessionRules()).map((r) => r.id).filter((id) => id < base);
    await chrome.declarativeNetRequest.updateSessionRules({ removeRuleIds: ids });
  }, SESSION_RULE_ID_BASE);

const restartCopyState = () =>
  browser!
    .currentWorker()
    .evaluate(async () => ((await chrome.storage.local.get('restartCopy')).restartCopy as { state?: string } | undefined)?.state);

describe('session tier and restart copy in real Chromium', () => {
  it('the restart copy enforces the policy without the session tier, and is silent while the session tier is in', async () => {
    server = await startTestServer();
    browser = await launchWithPolicy(server, {
      keyStage: 'KS2',
      schoolId: 'URN-tiers',
      blockDomains: ['copy-blocked.test'],
      allowDomains: ['bet365.com'],
    });
    await expect.poll(restartCopyState, { timeout: 20_000 }).toBe('current');
    const dynamic = await browser.currentWorker().evaluate(() => chrome.declarativeNetRequest.getDynamicRules());
    const copy = dynamic.find((r) => r.id === RULE_ID.SCHOOL_BLOCK_FRAMES + RESTART_COPY_ID_OFFSET);
    expect(copy?.priority).toBe(RESTART_COPY_PRIORITY[PRIORITY.SCHOOL_BLOCK]);

    // As after a browser restart, before the worker has run: only the copy.
    await dropPolicySessionRules();
    expect(await isBlocked('http://copy-blocked.test/')).toBe(true);
    expect(await isBlocked('http://www.pornhub.com/')).toBe(true);
    expect(await isBlocked('http://www.bet365.com/')).toBe(false);
    expect(await isBlocked('http://ordinary-site.test/')).toBe(false);
    const search = await browser.visit('http://www.google.com/search?q=cats');
    expect(new URL(search.finalUrl).searchParams.get('safe')).toBe('active');
    await search.page.close();

    // The worker puts the session tier back; a stale copy rule (as left by a copy write still under
    // way after a switch) then decides nothing.
    await browser.currentWorker().evaluate(
      async ({ id, priority, page }) => {
        await chrome.declarativeNetRequest.updateDynamicRules({
          addRules: [
            {
              id,
              priority,
              action: { type: 'redirect', redirect: { regexSubstitution: `${page}#reason=school&url=\\0` } },
              condition: { regexFilter: '^.*$', requestDomains: ['stale.test'], resourceTypes: ['main_frame'] },
            },
          ],
        });
      },
      { id: RESTART_COPY_ID_OFFSET + 999, priority: RESTART_COPY_PRIORITY[PRIORITY.SCHOOL_BLOCK]!, page: blockedPagePrefix() },
    );
    expect(await isBlocked('http://stale.test/')).toBe(true);
    writePolicy({
      keyStage: 'KS2',
      schoolId: 'URN-tiers',
      schoolName: 'Tiers School',
      blockDomains: ['copy-blocked.test'],
      allowDomains: ['bet365.com'],
    });
    await browser.reloadPolicy();
    await browser.waitForStatus((s) => s.schoolName === 'Tiers School');
    const session = await browser.currentWorker().evaluate(() => chrome.declarativeNetRequest.getSessionRules());
    expect(session.map((r) => r.id)).toContain(RULE_ID.RESTART_COPY_SILENCER);
    expect(await isBlocked('http://stale.test/')).toBe(false);
    expect(await isBlocked('http://copy-blocked.test/')).toBe(true);
    expect(await isBlocked('http://www.bet365.com/')).toBe(false);
  });
});
