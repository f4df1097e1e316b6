import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, launchWithPolicy, closeAll, type LaunchedBrowser, type TestServer } from './harness';
import { applyPolicy, axeViolations, pageState, screenshot } from './pupil-helpers';

/** Chromium running in Welsh shows the blocked page in Welsh; the switch gives Arabic, right to left. */
let server: TestServer;
let browser: LaunchedBrowser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchWithPolicy(
    server,
    { keyStage: 'KS2', schoolId: 'URN-lang-start' },
    { extraArgs: ['--lang=cy', '--accept-lang=cy,en-GB'] },
  );
  await applyPolicy(browser, { keyStage: 'KS2', schoolId: 'URN-lang', adults: [{ role: 'teacher', name: 'Mrs Jones' }] });
});

afterAll(() => closeAll(browser, server));

describe('pupil languages', () => {
  it('follows the browser language (Welsh), then switches to Arabic (RTL) and Urdu by hand', async () => {
    const { page } = await browser.visit('http://www.bet365.com/');
    await pageState(page, 'blocked');
    expect(await page.locator('html').getAttribute('lang')).toBe('cy');
    expect(await page.locator('#headline').textContent()).toBe('Diffoddwch y sgrin a dywedwch wrth oedolyn.');
    expect(await page.locator('#tell-adults').textContent()).toBe('Dyweda wrth Mrs Jones.');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'blocked-KS2-welsh');

    await page.locator('#language').selectOption('ar');
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('html').getAttribute('lang')).toBe('ar');
    expect(await page.locator('#headline').textContent()).toBe('أطفئ الشاشة وأخبر شخصًا بالغًا.');
    // Right to left: the language switch sits on the left.
    const box = await page.locator('#language').boundingBox();
    expect(box!.x).toBeLessThan(683);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'blocked-KS2-arabic');

    // The choice is remembered on the next blocked page.
    const next = await browser.visit('http://www.bet365.com/again');
    await pageState(next.page, 'blocked');
    expect(await next.page.locator('html').getAttribute('lang')).toBe('ar');
    await next.page.locator('#language').selectOption('ur');
    await expect.poll(() => next.page.locator('html').getAttribute('lang')).toBe('ur');
    expect(await next.page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await axeViolations(next.page)).toEqual([]);
    await next.page.locator('#language').selectOption('en');
    await Promise.all([page.close(), next.page.close()]);
  });
});
