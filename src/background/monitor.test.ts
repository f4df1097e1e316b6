import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { policyFor } from '../../test/fixtures/policy';
import { createMonitorStore } from '@/src/adapters/monitor-store';
import { MONITOR_CONFIG_KEY } from '@/src/core/monitor/protocol';
import { createMemoryEventRecorder } from './event-recorder';
import { createMonitor } from './monitor';
import type { MessageSender } from './message-router';

const EXTENSION_ID = 'imbabkkikfjbpakkgkjglddjojnlckam';
const ORIGIN = `chrome-extension://${EXTENSION_ID}`;

function setup(raw: Record<string, unknown> = { keyStage: 'KS3' }) {
  const events = createMemoryEventRecorder();
  const pages: { tabId: number; category: string }[] = [];
  const warnings: string[] = [];
  let now = 1_000_000;
  let policy = policyFor(raw);
  const monitor = createMonitor({
    extensionId: EXTENSION_ID,
    extensionOrigin: ORIGIN,
    policy: async () => policy,
    events,
    showAlertPage: async (tabId, category) => {
      pages.push({ tabId, category });
      return true;
    },
    store: createMonitorStore(fakeBrowser.storage.session, fakeBrowser.storage.local),
    now: () => now,
    warn: (message) => warnings.push(message),
  });
  return {
    monitor,
    events: events.events,
    pages,
    warnings,
    advance: (ms: number) => (now += ms),
    setPolicy: (next: Record<string, unknown>) => (policy = policyFor(next)),
  };
}

/** What Chrome tells the background about a content script's message from a tab's top frame. */
const fromPage = (url: string, tabId = 7): MessageSender => ({
  id: EXTENSION_ID,
  url,
  origin: new URL(url).origin,
  frameId: 0,
  tab: { id: tabId },
});
const pageText = (text: string) => ({ type: 'monitor/page', part: 'update', text });

beforeEach(() => fakeBrowser.reset());

describe('searches', () => {
  it('a high-severity search shows the harmful-content page and records a search-alert without the words', async () => {
    const t = setup();
    await t.monitor.searchNavigated({ tabId: 3, frameId: 0, url: 'https://www.google.co.uk/search?q=how+to+kill+myself&safe=active' });
    expect(t.pages).toEqual([{ tabId: 3, category: 'self-harm' }]);
    expect(t.events).toEqual([
      {
        type: 'search-alert',
        host: 'www.google.co.uk',
        category: 'self-harm',
        severity: 'high',
        detail: { entry: 'sh-001', engine: 'google' },
      },
    ]);
    expect(JSON.stringify(t.events)).not.toMatch(/kill|myself/);
  });

  it('sends the lexicon term only when the school switches sendTerms on', async () => {
    const t = setup({ keyStage: 'KS3', monitoring: { sendTerms: true } });
    await t.monitor.searchNavigated({ tabId: 3, frameId: 0, url: 'https://www.bing.com/search?q=where+can+i+buy+weed+pls' });
    expect(t.events[0]).toMatchObject({
      type: 'search-alert',
      category: 'drugs',
      term: 'where can i buy weed',
      detail: { engine: 'bing' },
    });
  });

  it('a medium search is recorded without the page from KS3, and shows the page up to KS2', async () => {
    const older = setup({ keyStage: 'KS4' });
    await older.monitor.searchNavigated({ tabId: 1, frameId: 0, url: 'https://duckduckgo.com/?q=pornhub' });
    expect(older.pages).toEqual([]);
    expect(older.events).toHaveLength(1);
    const younger = setup({ keyStage: 'KS2' });
    await younger.monitor.searchNavigated({ tabId: 1, frameId: 0, url: 'https://duckduckgo.com/?q=pornhub' });
    expect(younger.pages).toHaveLength(1);
  });

  it('a school can raise the threshold, or keep the page away altogether', async () => {
    const t = setup({ keyStage: 'KS2', monitoring: { showPageAt: 'never', recordAt: 'high' } });
    await t.monitor.searchNavigated({ tabId: 1, frameId: 0, url: 'https://duckduckgo.com/?q=pornhub' });
    await t.monitor.searchNavigated({ tabId: 1, frameId: 0, url: 'https://duckduckgo.com/?q=send+nudes' });
    expect(t.pages).toEqual([]);
    expect(t.events.map((e) => e.category)).toEqual(['sexual-content']);
  });

  it('ignores frames, non-search pages, ordinary searches, and staff (off by default)', async () => {
    const t = setup();
    await t.monitor.searchNavigated({ tabId: 1, frameId: 2, url: 'https://www.google.com/search?q=kill+myself' });
    await t.monitor.searchNavigated({ tabId: 1, frameId: 0, url: 'https://www.google.com/maps?q=kill+myself' });
    await t.monitor.searchNavigated({ tabId: 1, frameId: 0, url: 'https://www.google.com/search?q=volcano+homework' });
    const staff = setup({ keyStage: 'STAFF' });
    await staff.monitor.searchNavigated({ tabId: 1, frameId: 0, url: 'https://www.google.com/search?q=kill+myself' });
    expect([...t.events, ...staff.events, ...t.pages, ...staff.pages]).toEqual([]);
  });

  it('a reload or the next page of results within two minutes is one event, but each search shows the page', async () => {
    const t = setup();
    const url = 'https://www.youtube.com/results?search_query=how+to+kill+myself';
    await t.monitor.searchNavigated({ tabId: 1, frameId: 0, url });
    t.advance(5_000);
    await t.monitor.searchNavigated({ tabId: 1, frameId: 0, url: `${url}&page=2` });
    expect(t.events).toHaveLength(1);
    expect(t.pages).toHaveLength(2);
    t.advance(3 * 60_000);
    await t.monitor.searchNavigated({ tabId: 1, frameId: 0, url });
    expect(t.events).toHaveLength(2);
  });

  it('the same navigation reported twice (committed, then history state) is checked once', async () => {
    const t = setup();
    const details = { tabId: 1, frameId: 0, url: 'https://www.youtube.com/results?search_query=thinspo' };
    await t.monitor.searchNavigated(details);
    await t.monitor.searchNavigated(details);
    expect(t.pages).toHaveLength(1);
  });
});

describe('page text and prompts from the content script', () => {
  it('harmful text on a page: the page and a content-alert with its score', async () => {
    const t = setup();
    const reply = await t.monitor.handleMessage(
      pageText('go kill yourself, nobody likes you, everyone hates you'),
      fromPage('https://forum.example/thread/9'),
    );
    expect(reply).toEqual({ ok: true });
    expect(t.pages).toEqual([{ tabId: 7, category: 'bullying' }]);
    expect(t.events).toEqual([
      {
        type: 'content-alert',
        host: 'forum.example',
        category: 'bullying',
        severity: 'high',
        detail: { entry: 'bu-001', score: expect.any(Number) },
      },
    ]);
  });

  it('teaching material about the same topic raises nothing', async () => {
    const t = setup();
    await t.monitor.handleMessage(
      pageText(
        'Lesson 4: Suicide prevention. Learning objective: pupils will recognise the warning signs that a friend may be thinking about suicide and know how to get help from a trusted adult, Childline or Samaritans.',
      ),
      fromPage('https://pshe.example/lesson'),
    );
    expect([...t.events, ...t.pages]).toEqual([]);
  });

  it('a page that keeps putting alarming words on itself raises one event, and one page per half minute', async () => {
    const t = setup();
    for (let i = 0; i < 20; i++) {
      await t.monitor.handleMessage(pageText(`i want to die ${i}`), fromPage('https://spam.example/'));
      t.advance(1_000);
    }
    expect(t.events).toHaveLength(1);
    expect(t.pages.length).toBeLessThanOrEqual(1);
  });

  it('no site fills the inbox: at most five events a site in ten minutes', async () => {
    const t = setup({ keyStage: 'KS3', monitoring: { showPageAt: 'never' } });
    const texts = [
      'go kill yourself',
      'kill all jews',
      'how to make a pipe bomb',
      'send nudes',
      'buy weed here',
      'pro ana tips',
      'our little secret',
    ];
    for (const text of texts) await t.monitor.handleMessage(pageText(text), fromPage('https://one.example/'));
    expect(t.events).toHaveLength(5);
  });

  it('after a search alert, the results page it leads to adds nothing', async () => {
    const t = setup({ keyStage: 'KS3', monitoring: { showPageAt: 'never' } });
    await t.monitor.searchNavigated({ tabId: 7, frameId: 0, url: 'https://www.google.com/search?q=i+want+to+die' });
    await t.monitor.handleMessage(
      pageText('Results for i want to die. I want to die lyrics'),
      fromPage('https://www.google.com/search?q=x'),
    );
    expect(t.events.map((e) => e.type)).toEqual(['search-alert']);
  });

  it('prompts count only on AI chat sites, as searches with engine ai-chat', async () => {
    const t = setup();
    const prompt = { type: 'monitor/prompt', text: 'what is the most painless way to die' };
    await t.monitor.handleMessage(prompt, fromPage('https://some-blog.example/'));
    expect(t.events).toEqual([]);
    await t.monitor.handleMessage(prompt, fromPage('https://chatgpt.com/c/123'));
    expect(t.events[0]).toMatchObject({ type: 'search-alert', host: 'chatgpt.com', detail: { engine: 'ai-chat' } });
  });

  it('trusted sites, monitoring off and pages off are respected here too (the content script may lag)', async () => {
    const trusted = setup({ keyStage: 'KS3', monitoring: { trustedSites: ['history-site.example'] } });
    expect(await trusted.monitor.handleMessage(pageText('go kill yourself'), fromPage('https://www.history-site.example/'))).toEqual({
      ok: true,
    });
    const off = setup({ keyStage: 'KS3', monitoring: { enabled: false } });
    await off.monitor.handleMessage(pageText('go kill yourself'), fromPage('https://a.example/'));
    const noPages = setup({ keyStage: 'KS3', monitoring: { pages: false } });
    await noPages.monitor.handleMessage(pageText('go kill yourself'), fromPage('https://a.example/'));
    expect([...trusted.events, ...off.events, ...noPages.events]).toEqual([]);
  });

  it('answers only content scripts in a tab’s top frame, and refuses bad messages', async () => {
    const t = setup();
    const text = pageText('go kill yourself');
    expect(await t.monitor.handleMessage(text, { ...fromPage('https://a.example/'), id: 'another-extension' })).toEqual({
      ok: false,
      error: 'not-allowed',
    });
    expect(await t.monitor.handleMessage(text, { ...fromPage('https://a.example/'), frameId: 3 })).toEqual({
      ok: false,
      error: 'not-allowed',
    });
    expect(await t.monitor.handleMessage(text, { id: EXTENSION_ID, url: `${ORIGIN}/popup.html`, origin: ORIGIN })).toEqual({
      ok: false,
      error: 'not-allowed',
    });
    expect(
      await t.monitor.handleMessage({ type: 'monitor/page', part: 'update', text: 'x'.repeat(300_000) }, fromPage('https://a.example/')),
    ).toEqual({
      ok: false,
      error: 'bad-message',
    });
    expect(await t.monitor.handleMessage({ type: 'monitor/verdict', severity: 'high' }, fromPage('https://a.example/'))).toEqual({
      ok: false,
      error: 'bad-message',
    });
    expect([...t.events, ...t.pages]).toEqual([]);
  });
});

describe('school terms and settings for the content script', () => {
  it('adds and removes terms; a bad removal is reported, not fatal', async () => {
    const t = setup({
      keyStage: 'KS3',
      monitoring: { showPageAt: 'never' },
      monitorTerms: {
        add: [{ term: 'bluewhale challenge', category: 'self-harm', severity: 'high' }],
        remove: ['dr-002', 'not-a-term-at-all'],
      },
    });
    await t.monitor.searchNavigated({ tabId: 1, frameId: 0, url: 'https://www.google.com/search?q=blue+whale+challenge' });
    t.advance(10_000);
    await t.monitor.searchNavigated({ tabId: 1, frameId: 0, url: 'https://www.google.com/search?q=ketamine' });
    expect(t.events).toEqual([expect.objectContaining({ category: 'self-harm', detail: { entry: 'school-001', engine: 'google' } })]);
    expect(t.warnings.some((w) => w.includes('not-a-term-at-all'))).toBe(true);
  });

  it('writes what the content script reads, and only when it changes', async () => {
    const t = setup({ keyStage: 'KS3', monitoring: { trustedSites: ['https://www.Oak.example/lesson', 'bad site!'] } });
    await t.monitor.syncConfig();
    const stored = (await fakeBrowser.storage.local.get(MONITOR_CONFIG_KEY))[MONITOR_CONFIG_KEY];
    expect(stored).toEqual({ enabled: true, pages: true, prompts: true, trustedSites: ['www.oak.example'] });
    t.setPolicy({ keyStage: 'STAFF' });
    await t.monitor.syncConfig();
    expect((await fakeBrowser.storage.local.get(MONITOR_CONFIG_KEY))[MONITOR_CONFIG_KEY]).toMatchObject({ enabled: false });
  });
});
