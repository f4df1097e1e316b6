import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, launchWithPolicy, closeAll, openPopup, type LaunchedBrowser, type TestServer } from './harness';
import { accessibleAtBothSizes, applyPolicy, axeViolations, pageState } from './pupil-helpers';

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
  await applyPolicy(browser, {
    keyStage: 'KS2',
    schoolId: 'URN-lang',
    schoolName: 'Ysgol Gynradd Llanfair',
    adults: [{ role: 'teacher', name: 'Mrs Jones' }],
    schoolHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '00:00', end: '23:59' },
  });
});

afterAll(() => closeAll(browser, server));

describe('pupil languages', () => {
  it('follows the browser language (Welsh, one register, with Meic), then switches to Arabic (RTL) and Urdu by hand', async () => {
    const { page } = await browser.visit('http://www.bet365.com/');
    await pageState(page, 'blocked');
    expect(await page.locator('html').getAttribute('lang')).toBe('cy');
    expect(await page.locator('#headline').textContent()).toBe("Diffodda'r sgrin a dyweda wrth oedolyn.");
    expect(await page.locator('#tell-adults').textContent()).toBe('Dyweda wrth Mrs Jones (teacher).');
    expect(await page.locator('[data-help="meic"]').textContent()).toContain('080 880 23456');
    expect(await page.locator('[data-help="childline"]').textContent()).toContain('0800 1111');
    await accessibleAtBothSizes(page, 'blocked-KS2-welsh');
    // At 360 px the language switch sits above the headline, never over it (WCAG 1.4.10).
    await page.setViewportSize({ width: 360, height: 640 });
    const language = (await page.locator('#language').boundingBox())!;
    const headline = (await page.locator('#headline').boundingBox())!;
    expect(language.y + language.height).toBeLessThanOrEqual(headline.y);
    await page.setViewportSize({ width: 1366, height: 768 });

    await page.locator('#language').selectOption('ar');
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('html').getAttribute('lang')).toBe('ar');
    expect(await page.locator('#headline').textContent()).toBe('أطفئ الشاشة وأخبر شخصًا بالغًا.');
    // Right to left: the language switch sits on the left.
    expect((await page.locator('#language').boundingBox())!.x).toBeLessThan(683);
    await accessibleAtBothSizes(page, 'blocked-KS2-arabic');

    // The choice is remembered on the next blocked page.
    const next = await browser.visit('http://www.bet365.com/again');
    await pageState(next.page, 'blocked');
    expect(await next.page.locator('html').getAttribute('lang')).toBe('ar');
    await next.page.locator('#language').selectOption('ur');
    await expect.poll(() => next.page.locator('html').getAttribute('lang')).toBe('ur');
    expect(await next.page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await axeViolations(next.page)).toEqual([]);
    // Forget the choice: the next test is about the browser's own language.
    await next.page.evaluate(() => localStorage.removeItem('safeguard.locale'));
    await Promise.all([page.close(), next.page.close()]);
  });

  it('the popup follows the browser language: Welsh, before and after a report', async () => {
    const { page } = await browser.visit('http://upsetting.test/');
    await page.bringToFront();
    const popup = await openPopup(browser);
    await expect.poll(() => popup.locator('#popup-school').textContent()).toBe('Ysgol Gynradd Llanfair');
    expect(await popup.locator('html').getAttribute('lang')).toBe('cy');
    expect(await popup.locator('#report').textContent()).toContain('Dweud wrth oedolyn');
    expect(await axeViolations(popup)).toEqual([]);
    await popup.locator('#report').click();
    await expect.poll(() => popup.locator('#popup-thanks').textContent()).toBe("Diolch am ddweud. Fe wnest ti'r peth iawn.");
    expect(await popup.locator('#popup-tell').textContent()).toBe('Dyweda wrth Mrs Jones (teacher).');
    expect(await axeViolations(popup)).toEqual([]);
    await Promise.all([page.close(), popup.close()]);
  });
});
