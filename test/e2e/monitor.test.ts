import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAll, isKeyedBlockedPage, launchWithPolicy, type LaunchedBrowser, type TestServer, startTestServer } from './harness';
import { axeViolations, pageState } from './pupil-helpers';
import { screenshot } from './screenshots';

/**
 * On-device monitoring in real Chromium (issue 14): a risky search on Google (served by the local
 * server), a risky phrase streamed into a page the way a chatbot writes its answer, a teaching page
 * about the same topic, and a school-trusted site. The searches and pages reach their servers (this
 * is not a filter); what is checked is the page the pupil ends on and what the background recorded.
 */
let server: TestServer;
let browser: LaunchedBrowser;

const html = (res: ServerResponse, body: string) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`<!doctype html><html lang="en"><meta charset="utf-8"><title>test page</title><body>${body}</body></html>`);
};

const TEACHING = `<main><h1>PSHE lesson 4: suicide prevention</h1><p>Learning objective: pupils will recognise the warning signs that a
  friend may be thinking about suicide, and know how to get help. A friend might say things like "I want to die" or
  "everyone would be better off without me". Take it seriously and tell a trusted adult straight away, or call
  Childline or the Samaritans.</p></main>`;

/**
 * A chat page that first shows a harmless greeting (read when the page is idle), then writes its
 * answer word by word over about two seconds, as a chatbot streams: only the page's changes carry it.
 */
const STREAMING = `<main><p>Hello! I am your homework helper. Here is my answer:</p><div id="answer"></div></main><script>
  const words = 'Honestly I just want to die. Nobody would miss me and I have nothing to live for. I will end it all tonight.'.split(' ');
  const answer = document.getElementById('answer');
  let i = 0;
  const timer = setInterval(() => { answer.textContent += (i ? ' ' : '') + words[i++]; if (i === words.length) clearInterval(timer); }, 2000 / words.length);
</script>`;

/** A chatbot's prompt box: the prompt is read only when sent. */
const CHAT = `<main><h1>Ask me anything</h1><form id="f"><textarea id="prompt" aria-label="Message"></textarea>
  <button type="submit" aria-label="Send message">Send</button></form></main>
  <script>document.getElementById('f').addEventListener('submit', (e) => e.preventDefault());</script>`;

const routes = [
  (req: IncomingMessage, res: ServerResponse) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const path = (req.url ?? '/').split('?')[0];
    const body =
      host === 'www.google.com' && path === '/search'
        ? '<h1>Search results</h1><p>Some results for your search are shown here for you to read.</p>'
        : host === 'chat.example'
          ? STREAMING
          : host === 'pshe.example'
            ? TEACHING
            : host === 'lessons.trusted.example'
              ? '<p>go kill yourself, nobody likes you, everyone hates you</p>'
              : host === 'chatgpt.com'
                ? CHAT
                : null;
    if (body === null) return false;
    html(res, body);
    return true;
  },
];

beforeAll(async () => {
  server = await startTestServer(routes);
  browser = await launchWithPolicy(server, {
    keyStage: 'KS3',
    schoolId: 'URN-monitor',
    monitoring: { trustedSites: ['trusted.example'] },
  });
  // The content script reads its settings from storage.local: wait until the background has written them.
  const deadline = Date.now() + 10_000;
  for (;;) {
    const config = (await browser.currentWorker().evaluate(async () => (await chrome.storage.local.get('monitorConfig')).monitorConfig)) as
      { trustedSites?: string[] } | undefined;
    if (config?.trustedSites?.includes('trusted.example')) break;
    if (Date.now() > deadline) throw new Error(`Monitoring settings not written: ${JSON.stringify(config)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
});

afterAll(() => closeAll(browser, server));

declare const chrome: {
  storage: { local: { get(k: string): Promise<Record<string, unknown>> }; session: { get(k: string): Promise<Record<string, unknown>> } };
};

/** The alert ledger the background keeps in storage.session: `event|<host>|<category>` once an alert event is recorded. */
async function ledgerKeys(): Promise<string[]> {
  const ledger = await browser
    .currentWorker()
    .evaluate(async () => (await chrome.storage.session.get('monitorLedger')).monitorLedger ?? []);
  return (ledger as { key: string }[]).map((e) => e.key);
}

/** An event as it waits in the outbox, with the fields an alert carries. */
interface QueuedAlert {
  type: string;
  host: string | null;
  category: string | null;
  severity: string | null;
  term: string | null;
  detail: Record<string, unknown>;
}

/** Alert events in the outbox (no endpoint is configured here, so they stay there), as they would be sent. */
async function outboxAlerts(): Promise<QueuedAlert[]> {
  return browser.currentWorker().evaluate(async () => {
    const db = await new Promise<IDBDatabase>((done, fail) => {
      const open = indexedDB.open('safeguard');
      open.onsuccess = () => done(open.result);
      open.onerror = () => fail(open.error);
    });
    type Queued = { event: QueuedAlert };
    const all = await new Promise<Queued[]>((done, fail) => {
      const request = db.transaction('outbox').objectStore('outbox').getAll();
      request.onsuccess = () => done(request.result as Queued[]);
      request.onerror = () => fail(request.error);
    });
    db.close();
    return all
      .map((r) => r.event)
      .filter((e) => e.type.endsWith('-alert'))
      .map(({ type, host, category, severity, term, detail }) => ({ type, host, category, severity, term, detail }));
  });
}

async function landsOnAlertPage(page: Page, category: string): Promise<void> {
  await expect
    .poll(() => page.url(), { timeout: 15_000 })
    .toMatch(new RegExp(`blocked\\.html\\?k=[0-9a-f]{32}#reason=alert&category=${category}&url=`));
  expect(isKeyedBlockedPage(page.url(), `#reason=alert&category=${category}`)).toBe(true);
  await pageState(page, 'blocked');
}

describe('monitoring in real Chromium', () => {
  it('a risky Google search: the pupil gets words of support and help lines first, the DSL an alert without the words', async () => {
    const before = server.requestsTo('www.google.com').length;
    const page = await browser.context.newPage();
    await page.goto('http://www.google.com/search?q=how+to+k1ll+myself', { waitUntil: 'commit' }).catch(() => undefined);
    await landsOnAlertPage(page, 'self-harm');
    // The search itself reached the search engine once (with safe search): monitoring acts after the fact.
    expect(
      server
        .requestsTo('www.google.com')
        .slice(before)
        .filter((r) => r.url.includes('/search')),
    ).toHaveLength(1);
    // The tab keeps only the site, never the search words.
    expect(page.url()).toMatch(/&url=http:\/\/www\.google\.com\/$/);
    expect(page.url()).not.toMatch(/k1ll|myself/);
    // The harmful page's self-harm kind (issue 12): support first, then the help lines, before anything else.
    await expect.poll(() => page.locator('#headline').textContent()).toBe('You are not alone. Talking to someone can help.');
    expect(await page.locator('#help [data-help]').evaluateAll((items) => items.map((i) => i.getAttribute('data-help')))).toEqual([
      'childline',
      'meic',
      'ceop',
    ]);
    expect(await page.locator('#reason').getAttribute('data-reason')).toBe('self-harm');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'alert-self-harm');
    await screenshot(page, 'alert-self-harm-phone', { viewport: 'phone', fullPage: true });
    await expect.poll(ledgerKeys).toContain('event|www.google.com|self-harm');
    await expect.poll(outboxAlerts).toContainEqual({
      type: 'search-alert',
      host: 'www.google.com',
      category: 'self-harm',
      severity: 'high',
      term: null, // monitoring.sendTerms is off
      detail: { entry: 'sh-001', engine: 'google' },
    });
    expect(JSON.stringify(await outboxAlerts())).not.toMatch(/k1ll|myself/);
    await page.close();
  });

  it('a risky phrase streamed into a page, as a chatbot writes: the page changes as the words arrive', async () => {
    const page = await browser.context.newPage();
    await page.goto('http://chat.example/c/1', { waitUntil: 'load' });
    await landsOnAlertPage(page, 'self-harm');
    await expect.poll(ledgerKeys).toContain('event|chat.example|self-harm');
    await expect
      .poll(async () => (await outboxAlerts()).find((e) => e.host === 'chat.example'))
      .toMatchObject({
        type: 'content-alert',
        category: 'self-harm',
        severity: 'high',
        term: null,
        detail: { entry: 'sh-001', score: expect.any(Number) },
      });
    await page.close();
  });

  it('a prompt sent on an AI chat site (Enter in its prompt box) is checked as a search', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://chatgpt.com/', { waitUntil: 'load' });
    await page.locator('#prompt').fill('whats the most painless way to die');
    await page.locator('#prompt').press('Enter');
    await landsOnAlertPage(page, 'self-harm');
    await expect.poll(ledgerKeys).toContain('event|chatgpt.com|self-harm');
    await expect
      .poll(async () => (await outboxAlerts()).find((e) => e.host === 'chatgpt.com'))
      .toMatchObject({ type: 'search-alert', category: 'self-harm', severity: 'high', detail: { engine: 'ai-chat' } });
    await page.close();
  });

  it('a teaching page on the same topic, and harmful words on a school-trusted site, raise nothing', async () => {
    const teaching = await browser.context.newPage();
    const trusted = await browser.context.newPage();
    await Promise.all([
      teaching.goto('http://pshe.example/lesson-4', { waitUntil: 'load' }),
      trusted.goto('http://lessons.trusted.example/page', { waitUntil: 'load' }),
    ]);
    // Nothing to wait for when nothing happens: give the content script its first read (half a second
    // after load, then an idle moment of at most two seconds) and the background its check, then look.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(teaching.url()).toBe('http://pshe.example/lesson-4');
    expect(trusted.url()).toBe('http://lessons.trusted.example/page');
    const keys = await ledgerKeys();
    expect(keys.filter((k) => k.includes('pshe.example') || k.includes('trusted.example'))).toEqual([]);
    expect((await outboxAlerts()).filter((e) => e.host === 'pshe.example' || e.host === 'lessons.trusted.example')).toEqual([]);
    await Promise.all([teaching.close(), trusted.close()]);
  });
});
