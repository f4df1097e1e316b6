import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, startTestServer, writePolicy, closeAll, type LaunchedBrowser, type TestServer } from './harness';

let server: TestServer;
let browser: LaunchedBrowser;

beforeAll(async () => {
  server = await startTestServer();
  // google.com is school-allowed: safe search must still apply.
  writePolicy({ keyStage: 'KS2', schoolId: 'URN-safe', allowDomains: ['google.com'] });
  browser = await launchBrowser({ server });
  await browser.waitForStatus((s) => s.source === 'admin' && s.schoolId === 'URN-safe');
});

afterAll(() => closeAll(browser, server));

/** The URL of the page request that reached the server (not the favicon that follows it). */
async function arrivedUrl(url: string, host: string): Promise<string> {
  const before = server.requests.length;
  const { page } = await browser.visit(url);
  await page.close();
  const seen = server.requests.slice(before).filter((r) => r.host === host && !r.url.endsWith('/favicon.ico'));
  expect(seen, `one page request reached ${host}`).toHaveLength(1);
  return seen[0]!.url;
}

describe('safe search in real Chromium', () => {
  it('Google gets safe=active, even when the school allows google.com', async () => {
    const url = new URL(await arrivedUrl('http://www.google.com/search?q=cats', 'www.google.com'));
    expect(url.searchParams.get('safe')).toBe('active');
    expect(url.searchParams.get('q')).toBe('cats');
  });

  it('Google safe=off typed by a pupil is replaced', async () => {
    const url = new URL(await arrivedUrl('http://www.google.co.uk/search?q=x&safe=off', 'www.google.co.uk'));
    expect(url.searchParams.getAll('safe')).toEqual(['active']);
  });

  it('Bing gets adlt=strict (over HTTPS: bing.com is HSTS-preloaded)', async () => {
    const url = new URL(await arrivedUrl('https://www.bing.com/search?q=x', 'www.bing.com'));
    expect(url.searchParams.get('adlt')).toBe('strict');
  });

  it('DuckDuckGo gets kp=1', async () => {
    const url = new URL(await arrivedUrl('http://duckduckgo.com/?q=x', 'duckduckgo.com'));
    expect(url.searchParams.get('kp')).toBe('1');
  });

  it('YouTube requests carry YouTube-Restrict: Strict', async () => {
    await arrivedUrl('https://www.youtube.com/watch?v=abc', 'www.youtube.com');
    const request = server.requestsTo('www.youtube.com').find((r) => r.url.includes('/watch'))!;
    expect(request.headers['youtube-restrict']).toBe('Strict');
  });

  it('pages that are not searches are left alone', async () => {
    const url = await arrivedUrl('http://www.google.com/maps', 'www.google.com');
    expect(url).toBe('http://www.google.com/maps');
  });
});
