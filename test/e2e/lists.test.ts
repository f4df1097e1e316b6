import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { categoryRuleId } from '../../src/core/rules/rule-ids';
import { blockedPagePrefix, launchBrowser, startTestServer, writePolicy, closeAll, type LaunchedBrowser, type TestServer } from './harness';

/** The extension's own global inside its service worker (evaluated there, not in Node). */
declare const chrome: { storage: { local: { get(key: string): Promise<Record<string, unknown>> } } };

let server: TestServer | undefined;
let browser: LaunchedBrowser | undefined;

afterEach(async () => {
  await closeAll(browser, server);
  browser = server = undefined;
});

const FEED_HOST = 'lists.safeguard-feed.test';
const FEED_PATH = '/feeds/gambling-1m.txt';
const FEED_SIZE = 1_000_000;

/** A list feed with an ETag that can be told to fail, like a real list server having a bad day. */
function feedRoute() {
  const body = Buffer.from(Array.from({ length: FEED_SIZE }, (_, i) => `site${i}.bigfeed.test\n`).join(''));
  const feed = { fail: false, etag: '"feed-v1"', gets: [] as IncomingMessage['headers'][] };
  const route = (req: IncomingMessage, res: ServerResponse) => {
    if (!req.url?.startsWith(FEED_PATH)) return false;
    feed.gets.push(req.headers);
    if (feed.fail) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('list server error');
    } else if (req.headers['if-none-match'] === feed.etag) {
      res.writeHead(304, { etag: feed.etag });
      res.end();
    } else {
      res.writeHead(200, { 'content-type': 'text/plain', etag: feed.etag, 'content-length': body.length });
      res.end(body);
    }
    return true;
  };
  return { feed, route };
}

async function fingerprints(b: LaunchedBrowser): Promise<Record<string, string>> {
  return (await b
    .currentWorker()
    .evaluate(async () => (await chrome.storage.local.get('appliedFingerprints')).appliedFingerprints)) as Record<string, string>;
}

const gamblingIds = (prints: Record<string, string>) =>
  Object.keys(prints)
    .map(Number)
    .filter((id) => id >= categoryRuleId('gambling', 1, 'frames') && id < categoryRuleId('drugs', 0, 'frames'));

async function expectBlocked(b: LaunchedBrowser, url: string, blocked: boolean) {
  const { page, finalUrl } = await b.visit(url);
  if (blocked) {
    expect(finalUrl.startsWith(blockedPagePrefix()), url).toBe(true);
    expect(finalUrl).toContain('category=gambling');
  } else expect(finalUrl, url).toBe(url);
  await page.close();
}

describe('list feeds at scale in real Chromium', () => {
  it('a 1 M-domain feed is enforced; a key-stage switch does not reinstall it; a failing refresh keeps it', async () => {
    const { feed, route } = feedRoute();
    server = await startTestServer([route]);
    const lists = [{ category: 'gambling', url: `https://${FEED_HOST}${FEED_PATH}`, format: 'domains' }];
    writePolicy({ keyStage: 'KS3', schoolId: 'URN-lists', lists });
    browser = await launchBrowser({ server });

    const status = await browser.waitForStatus((s) => s.lists?.[0]?.domains === FEED_SIZE, 240_000);
    expect(status.lists![0]).toMatchObject({ lastError: null, lines: FEED_SIZE });
    expect(status.installError).toBeNull();
    expect(status.categories.gambling!.domains).toBeGreaterThan(FEED_SIZE);
    const before = await fingerprints(browser);
    // 1 M hosts in chunks of 100 000: ten rule pairs after the built-in chunk.
    expect(gamblingIds(before)).toHaveLength(20);

    await expectBlocked(browser, 'http://site999999.bigfeed.test/', true);
    await expectBlocked(browser, 'http://www.site123456.bigfeed.test/page', true);
    await expectBlocked(browser, 'http://not-listed.bigfeed.test/', false);

    // Key-stage switch with unchanged lists: no list download, no chunk re-sent, same fingerprints.
    const downloads = feed.gets.length;
    writePolicy({ keyStage: 'KS4', schoolId: 'URN-lists', lists });
    await browser.reloadPolicy();
    const switched = await browser.waitForStatus((s) => s.lastRuleChange?.keyStage === 'KS4', 60_000);
    // The switch changed small rules (social networks off, YouTube moderate) but sent no list chunk.
    expect(switched.lastRuleChange).toMatchObject({ chunkRulesSent: 0, trigger: 'policy-changed' });
    expect(switched.lastRuleChange!.rulesSent).toBeGreaterThan(0);
    const after = await fingerprints(browser);
    for (const id of gamblingIds(before)) expect(after[id]).toBe(before[id]);
    expect(feed.gets.length).toBe(downloads);
    await expectBlocked(browser, 'http://site42.bigfeed.test/', true);

    // A failing refresh (forced from the status page) keeps the old list in force and shows the error.
    feed.fail = true;
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await options.locator('#lists-check-now').click();
    const failed = await browser.waitForStatus((s) => /HTTP 500/.test(s.lists?.[0]?.lastError ?? ''), 60_000);
    expect(failed.lists![0]!.domains).toBe(FEED_SIZE);
    await expect.poll(() => options.locator('#lists .list-error').textContent(), { timeout: 10_000 }).toMatch(/HTTP 500/);
    await expect.poll(() => options.locator('#lists .list-domains').textContent()).toBe(String(FEED_SIZE));
    await expectBlocked(browser, 'http://site777777.bigfeed.test/', true);
    expect(gamblingIds(await fingerprints(browser))).toHaveLength(20);

    // The server recovers with the same content: a conditional request, 304, nothing re-sent.
    feed.fail = false;
    await options.locator('#lists-check-now').click();
    const recovered = await browser.waitForStatus((s) => s.lists?.[0]?.lastError === null, 60_000);
    expect(feed.gets.at(-1)!['if-none-match']).toBe('"feed-v1"');
    expect(recovered.lastInstall).toMatchObject({ chunkRulesSent: 0 });
    await options.close();
  }, 400_000);
});
