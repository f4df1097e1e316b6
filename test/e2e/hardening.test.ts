import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { makePinHash, MIN_PIN_ITERATIONS } from '../../src/core/pin';
import {
  blockedPagePrefix,
  closeAll,
  isKeyedBlockedPage,
  launchWithPolicy,
  startTestServer,
  type LaunchedBrowser,
  type TestServer,
} from './harness';
import { pageState, recordedEvents } from './pupil-helpers';

/**
 * Issue 11 as a determined pupil tries it on a KS3 device: reading the secrets at chrome://policy,
 * the ways round the filter (each counted at the server: a refused request never arrives), a web
 * page probing for the extension, and what the status page tells staff about the deployment.
 */
declare const chrome: { storage: { managed: { get(): Promise<Record<string, unknown>> } } };

const SECRETS = { token: 'tok-3f9a1c7e55', signingKey: 'sig-b81d04aa92', pseudonymKey: 'pse-6c2e9f0d17' };
let pinHash: string;
let server: TestServer;
let browser: LaunchedBrowser;

beforeAll(async () => {
  pinHash = await makePinHash('482615', MIN_PIN_ITERATIONS);
  server = await startTestServer();
  browser = await launchWithPolicy(server, {
    keyStage: 'KS3',
    schoolId: 'URN-harden',
    endpoint: { url: 'https://events.school.test/events', ...SECRETS },
    unlockPinHash: pinHash,
  });
});

afterAll(() => closeAll(browser, server));

/** Every text on a page, shadow roots included (chrome://policy is built of web components). */
async function allText(page: Page): Promise<string> {
  // A string, not a function: the test's compiled functions carry helpers the page does not have.
  return page.evaluate(`(() => {
    const out = [];
    const walk = (node) => {
      if (node.nodeType === 3) out.push(node.textContent);
      if (node.shadowRoot) walk(node.shadowRoot);
      node.childNodes.forEach(walk);
    };
    walk(document.body);
    return out.join(' ');
  })()`) as Promise<string>;
}

describe('secrets', () => {
  it('chrome://policy shows no secret, even with every value expanded or exported, while the extension still reads them', async () => {
    const page = await browser.context.newPage();
    await page.goto('chrome://policy');
    await expect.poll(async () => (await allText(page)).includes('unlockPinHash')).toBe(true);
    const more = page.getByText(/show more/i);
    for (let i = 0; i < (await more.count()); i++) await more.nth(i).click();
    const text = await allText(page);
    expect(text).toContain('events.school.test');
    expect(text).toContain('********');
    for (const secret of [...Object.values(SECRETS), pinHash, pinHash.split('$')[3]!]) expect(text).not.toContain(secret);
    // Nor does the page's "Export to JSON".
    await page.getByText('More actions').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByText('Export to JSON').click()]);
    const exported = readFileSync((await download.path())!, 'utf8');
    expect(exported).toContain('events.school.test');
    for (const secret of [...Object.values(SECRETS), pinHash]) expect(exported).not.toContain(secret);
    await page.close();
    const read = await browser.currentWorker().evaluate(() => chrome.storage.managed.get());
    expect(read.endpoint).toEqual({ url: 'https://events.school.test/events', ...SECRETS });
    expect(read.unlockPinHash).toBe(pinHash);
  });
});

describe('ways round the filter (KS3)', () => {
  const HOSTS = [
    'web.archive.org',
    'archive.ph',
    '12ft.io',
    'www.translatetheweb.com',
    'translate.yandex.com',
    'cc.bingj.com',
    'hidemy.name',
    'www.4everproxy.com',
    'www.browserling.com',
    'dns11.quad9.net',
    'freedns.controld.com',
    'unfiltered.adguard-dns.com',
    'dns0.eu',
  ];

  it('each host of the issue is blocked and never reached, as a page and as a request from a page', async () => {
    for (const host of HOSTS) {
      const { page, finalUrl } = await browser.visit(`https://${host}/https://www.pornhub.com/`);
      expect(isKeyedBlockedPage(finalUrl, '#reason=category&category=circumvention'), host).toBe(true);
      await page.close();
    }
    const page = await browser.context.newPage();
    await page.goto('https://lesson.school.test/');
    const outcomes = await page.evaluate(
      (hosts) =>
        Promise.all(
          hosts.map((h) =>
            fetch(`https://${h}/dns-query?name=www.pornhub.com`, { mode: 'no-cors' }).then(
              () => 'reached',
              () => 'refused',
            ),
          ),
        ),
      HOSTS,
    );
    expect(outcomes).toEqual(HOSTS.map(() => 'refused'));
    await page.close();
    for (const host of HOSTS) expect(server.requestsTo(host), host).toEqual([]);
  });

  it("the Internet Archive's library stays open; only its Wayback Machine is a way round", async () => {
    const { page, finalUrl } = await browser.visit('https://archive.org/details/texts');
    expect(finalUrl).toBe('https://archive.org/details/texts');
    await page.close();
  });
});

describe('blocked.html is not exposed to web pages', () => {
  it('a page cannot fetch, frame, embed or open it by its fixed address', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://prober.example/');
    const fixed = `${blockedPagePrefix()}#reason=school&url=https://prober.example/`;
    const probes = await page.evaluate(async (url) => {
      const load = (tag: 'iframe' | 'img') =>
        new Promise<string>((done) => {
          const node = document.createElement(tag);
          node.onerror = () => done('error');
          node.onload = () => done(tag === 'iframe' ? 'frame-loaded' : 'loaded');
          node.src = url;
          document.body.append(node);
        });
      return {
        fetch: await fetch(url).then(
          () => 'read',
          () => 'refused',
        ),
        img: await load('img'),
        iframe: await load('iframe'),
      };
    }, fixed);
    expect(probes.fetch).toBe('refused');
    expect(probes.img).toBe('error');
    // A frame's load event fires for the error page too: what matters is what is in it.
    expect(page.frames().some((f) => f.url().startsWith(blockedPagePrefix()))).toBe(false);
    await page.evaluate((url) => (location.href = url), fixed).catch(() => undefined);
    await page.waitForLoadState('load').catch(() => undefined);
    expect(page.url().startsWith(blockedPagePrefix())).toBe(false);
    await page.close();
  });

  it('the rules still send a blocked site to it: the whole page, and the event, in a tab and in a frame', async () => {
    const before = (await recordedEvents(browser)).filter((e) => e.type === 'blocked' && e.host === 'www.bet365.com').length;
    const { page, finalUrl } = await browser.visit('https://www.bet365.com/promo');
    expect(isKeyedBlockedPage(finalUrl, '#reason=category&category=gambling')).toBe(true);
    await pageState(page, 'blocked');
    await page.close();
    const framer = await browser.context.newPage();
    await framer.goto('https://lesson.school.test/');
    await framer.evaluate(() =>
      document.body.append(Object.assign(document.createElement('iframe'), { src: 'https://www.bet365.com/embed' })),
    );
    await expect.poll(() => framer.frames().some((f) => isKeyedBlockedPage(f.url(), '#reason=category&category=gambling'))).toBe(true);
    await framer.close();
    await expect
      .poll(async () => (await recordedEvents(browser)).filter((e) => e.type === 'blocked' && e.host === 'www.bet365.com').length)
      .toBe(before + 1);
    expect(server.requestsTo('www.bet365.com')).toEqual([]);
  });
});

describe('status page: deploying safely', () => {
  it('warns about what the extension can see (not force-installed, incognito, not a Chromebook) and lists the rest to check', async () => {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
    const state = (id: string) => page.locator(`#deployment tr[data-check="${id}"]`).getAttribute('data-state');
    await expect.poll(() => state('force-install')).toBe('warning');
    // Loaded unpacked by the test, not by policy; not allowed in incognito; Linux, not ChromeOS.
    expect(await state('incognito')).toBe('warning');
    expect(await state('sign-in')).toBe('warning');
    for (const id of ['guest', 'developer-tools', 'extensions', 'dns-over-https', 'other-browsers'])
      expect(await state(id), id).toBe('not-visible');
    expect(await page.locator('#deployment-summary').textContent()).toMatch(/^3 problems found/);
    expect(await page.locator('#deployment tr[data-check="force-install"]').textContent()).toContain('switch the filter off');
    // Nor does the status page (its policy change log included) show a secret.
    const text = await page.locator('body').innerText();
    for (const secret of [...Object.values(SECRETS), pinHash]) expect(text).not.toContain(secret);
    await page.close();
  });
});
