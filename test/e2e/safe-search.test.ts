import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  isKeyedBlockedPage,
  launchBrowser,
  startTestServer,
  writePolicy,
  closeAll,
  type LaunchedBrowser,
  type TestServer,
} from './harness';
import { applyPolicy } from './pupil-helpers';
import { ISSUE_GOOGLE_DOMAINS } from '../fixtures/search';

/**
 * Safe search as the search engine's server sees it: every request that reached the (local) search
 * server is checked for the parameters it carried, per engine and endpoint, and the tricks a pupil
 * would try are counted at the server too (a refused request never arrives).
 */
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

/** Page requests (not favicons) that reached `host` since `before`. */
function arrivals(host: string, before: number) {
  return server.requests.slice(before).filter((r) => r.host === host && !r.url.endsWith('/favicon.ico'));
}

/** The URL of the one page request that reached the server for a navigation. */
async function arrivedUrl(url: string): Promise<URL> {
  const before = server.requests.length;
  const { page } = await browser.visit(url);
  await page.close();
  const seen = arrivals(new URL(url).hostname, before);
  expect(seen, `one page request reached ${new URL(url).hostname}`).toHaveLength(1);
  return new URL(seen[0]!.url);
}

/** A request made by a script on `pageUrl` (as an engine's own result page fetches results and images). */
async function fetchedUrl(pageUrl: string, requestUrl: string): Promise<URL> {
  const page = await browser.context.newPage();
  await page.goto(pageUrl);
  const before = server.requests.length;
  await page.evaluate(
    (u) =>
      fetch(u, { mode: 'no-cors' }).then(
        () => 'ok',
        () => 'refused',
      ),
    requestUrl,
  );
  await page.close();
  const seen = arrivals(new URL(requestUrl).hostname, before);
  expect(seen, `one request reached ${new URL(requestUrl).hostname}`).toHaveLength(1);
  return new URL(seen[0]!.url);
}

/** A navigation that must never reach the server. */
async function expectRefused(url: string): Promise<Page> {
  const before = server.requests.length;
  const { page } = await browser.visit(url);
  expect(arrivals(new URL(url).hostname, before), `${url} reached the server`).toEqual([]);
  return page;
}

describe('Google', () => {
  it('gets safe=active on every Google search domain, even when the school allows google.com', async () => {
    for (const domain of ISSUE_GOOGLE_DOMAINS) {
      const url = await arrivedUrl(`https://www.${domain}/search?q=cats`);
      expect(url.searchParams.getAll('safe'), domain).toEqual(['active']);
      expect(url.searchParams.get('q')).toBe('cats');
    }
  });

  it('image search, its home page and the script-fetched endpoints are locked too', async () => {
    expect((await arrivedUrl('https://www.google.co.uk/search?q=x&tbm=isch')).searchParams.getAll('safe')).toEqual(['active']);
    expect((await arrivedUrl('https://images.google.com/imghp?q=x')).searchParams.getAll('safe')).toEqual(['active']);
    const suggest = await fetchedUrl('https://www.google.com/webhp', 'https://www.google.com/complete/search?q=x&client=gws-wiz');
    expect(suggest.searchParams.getAll('safe')).toEqual(['active']);
  });

  it('safe=off typed twice, or in capitals, is replaced by exactly one safe=active', async () => {
    const twice = await arrivedUrl('https://www.google.co.uk/search?q=x&safe=off&safe=off');
    expect(twice.searchParams.getAll('safe')).toEqual(['active']);
    const capitals = await arrivedUrl('https://www.google.com/search?q=x&SAFE=off&Safe=off&sAfE=images');
    expect([...capitals.searchParams.keys()].filter((k) => k.toLowerCase() === 'safe')).toEqual(['safe']);
    expect(capitals.searchParams.get('safe')).toBe('active');
  });

  it('a disguised safe parameter (encoded name, ";" separator) never reaches Google', async () => {
    for (const url of [
      'https://www.google.com/search?q=x&saf%65=off',
      'https://www.google.com/search?q=x;safe=off',
      'https://www.google.ie/search?safe%3Doff&q=x',
    ])
      await (await expectRefused(url)).close();
  });

  it('pages that are not searches are left alone', async () => {
    expect((await arrivedUrl('https://www.google.com/maps')).href).toBe('https://www.google.com/maps');
  });
});

describe('Bing', () => {
  it('gets adlt=strict on search, and on the image and video endpoints its pages fetch', async () => {
    expect((await arrivedUrl('https://www.bing.com/search?q=x&adlt=off')).searchParams.getAll('adlt')).toEqual(['strict']);
    for (const endpoint of ['/images/async?q=x&first=36', '/videos/async/rankedans?q=x', '/images/search?q=x']) {
      const url = await fetchedUrl('https://www.bing.com/', `https://www.bing.com${endpoint}`);
      expect(url.searchParams.getAll('adlt'), endpoint).toEqual(['strict']);
    }
  });
});

describe('DuckDuckGo', () => {
  it('gets kp=1 on the result page and on i.js (images) and d.js (results), whatever the pupil asked for', async () => {
    const page = await arrivedUrl('https://duckduckgo.com/?q=x&kp=-2');
    expect(page.searchParams.getAll('kp')).toEqual(['1']);
    const images = await fetchedUrl('https://duckduckgo.com/', 'https://duckduckgo.com/i.js?q=x&o=json&p=-1');
    expect(images.searchParams.getAll('p')).toEqual(['1']);
    expect(images.searchParams.getAll('kp')).toEqual(['1']);
    const results = await fetchedUrl('https://duckduckgo.com/', 'https://links.duckduckgo.com/d.js?q=x&ex=-2&kp=-2');
    expect(results.searchParams.getAll('kp')).toEqual(['1']);
    expect(results.searchParams.has('ex')).toBe(false);
  });

  it('the HTML and lite versions are locked, and their POST form (which can carry kp=-2) is refused', async () => {
    expect((await arrivedUrl('https://html.duckduckgo.com/html/?q=x')).searchParams.getAll('kp')).toEqual(['1']);
    expect((await arrivedUrl('https://lite.duckduckgo.com/lite/?q=x')).searchParams.getAll('kp')).toEqual(['1']);
    const page = await browser.context.newPage();
    await page.goto('https://maker.school.test/');
    const before = server.requests.length;
    await page.evaluate(() => {
      const form = document.createElement('form');
      form.method = 'post';
      form.action = 'https://html.duckduckgo.com/html/';
      for (const [name, value] of [
        ['q', 'x'],
        ['kp', '-2'],
      ]) {
        const input = document.createElement('input');
        input.name = name!;
        input.value = value!;
        form.append(input);
      }
      document.body.append(form);
      form.submit();
    });
    await page.waitForLoadState('load').catch(() => undefined);
    await page.waitForTimeout(300);
    expect(arrivals('html.duckduckgo.com', before)).toEqual([]);
    await page.close();
  });
});

describe("DuckDuckGo's image proxy", () => {
  it('loads images on result pages, but opened as a page (any image URL) it is refused', async () => {
    const proxied = 'https://external-content.duckduckgo.com/iu/?u=https%3A%2F%2Fwww.pornhub.com%2Fx.jpg';
    const page = await expectRefused(proxied);
    expect(isKeyedBlockedPage(page.url(), '#reason=category&category=circumvention')).toBe(true);
    await page.close();
    expect((await fetchedUrl('https://duckduckgo.com/', proxied)).href).toBe(proxied);
  });
});

describe('other engines', () => {
  it('Yahoo gets vm=r', async () => {
    expect((await arrivedUrl('https://uk.search.yahoo.com/search?p=x&vm=p')).searchParams.getAll('vm')).toEqual(['r']);
  });

  it('engines that cannot be locked are blocked for KS2, and never reached', async () => {
    for (const url of [
      'https://yandex.com/images/search?text=x',
      'https://search.brave.com/search?q=x',
      'https://www.ecosia.org/search?q=x',
      'https://www.startpage.com/sp/search?query=x',
      'https://www.qwant.com/?q=x',
    ]) {
      const page = await expectRefused(url);
      expect(isKeyedBlockedPage(page.url(), '#reason=category&category=circumvention'), url).toBe(true);
      await page.close();
    }
  });

  it('YouTube requests carry YouTube-Restrict: Strict; front ends that serve YouTube without it are blocked', async () => {
    await arrivedUrl('https://www.youtube.com/watch?v=abc');
    const request = server.requestsTo('www.youtube.com').find((r) => r.url.includes('/watch'));
    expect(request?.headers['youtube-restrict']).toBe('Strict');
    for (const url of ['https://yewtu.be/watch?v=abc', 'https://piped.video/watch?v=abc', 'https://inv.nadeko.net/watch?v=abc'])
      await (await expectRefused(url)).close();
  });

  it('staff (safe search off) reach every engine as it is', async () => {
    await applyPolicy(browser, { keyStage: 'STAFF', schoolId: 'URN-safe-staff' });
    expect((await arrivedUrl('https://www.google.com/search?q=x&safe=off')).searchParams.getAll('safe')).toEqual(['off']);
    expect((await arrivedUrl('https://www.ecosia.org/search?q=x')).searchParams.get('q')).toBe('x');
  });
});
