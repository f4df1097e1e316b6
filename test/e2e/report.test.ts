import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { LOCALES } from '../../src/core/i18n';
import {
  isKeyedBlockedPage,
  startTestServer,
  launchWithPolicy,
  closeAll,
  openPopup,
  type LaunchedBrowser,
  type TestServer,
} from './harness';
import { accessibleAtBothSizes, applyPolicy, axeViolations, pageState, recordedEvents } from './pupil-helpers';
import { screenshot } from './screenshots';

/**
 * The pupil's report in real Chromium: the popup's button, the keyboard shortcut and the right-click menu
 * each turn the tab dark at once and block what was reported for the session (on a shared platform such as
 * Google Docs only that page), thank the pupil, let them say what happened in pictures, and record it.
 */
let server: TestServer;
let browser: LaunchedBrowser;
const ALWAYS_SCHOOL = { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '00:00', end: '23:59' };
const DOC_A = 'https://docs.google.com/document/d/1ReportedDoc_A-xyz/edit';
const DOC_B = 'https://docs.google.com/document/d/1HomeworkDoc_B-xyz/edit';

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchWithPolicy(server, { keyStage: 'KS3', schoolId: 'URN-report-start' });
  await applyPolicy(browser, {
    keyStage: 'KS1',
    schoolId: 'URN-report',
    schoolName: 'Oakfield Primary School',
    adults: [{ role: 'class teacher', name: 'Mr Shah' }],
    schoolHours: ALWAYS_SCHOOL,
    // Approved sites only would block the test pages themselves.
    approvedSitesOnly: false,
  });
});

afterAll(() => closeAll(browser, server));

const isDark = (page: Page) => expect.poll(() => page.url(), { timeout: 5_000 }).toMatch(/blocked\.html\?k=[0-9a-f]{32}#reason=reported/);

describe('a report on Google Docs', () => {
  it('blocks that document only, darkens only the tabs showing it, thanks the pupil, and carries their choice', async () => {
    const reported = (await browser.visit(DOC_A)).page;
    const sameDoc = (await browser.visit(DOC_A.replace('/edit', '/view'))).page;
    const homework = (await browser.visit(DOC_B)).page;
    await reported.bringToFront();
    const popup = await openPopup(browser);
    await popup.locator('#report').waitFor();
    await expect.poll(() => popup.locator('#popup-school').textContent()).toBe('Oakfield Primary School');
    expect(await axeViolations(popup)).toEqual([]);
    await screenshot(popup.locator('main'), 'popup');
    await popup.locator('#report').click();
    await isDark(reported);
    await pageState(reported, 'dark');
    // Praise at the right moment: the popup stays to thank the pupil and send them to a grown-up.
    await expect.poll(() => popup.locator('#popup-thanks').textContent()).toBe('Thank you for telling. You did the right thing.');
    expect(await popup.locator('#popup-tell').textContent()).toBe('Tell your class teacher, Mr Shah.');
    expect(await popup.locator('#popup-read').count()).toBe(1);
    expect(await axeViolations(popup)).toEqual([]);
    await screenshot(popup.locator('main'), 'popup-thanks');
    await popup.close();

    // The other tab on the same document goes dark; the homework document is untouched.
    await isDark(sameDoc);
    await pageState(sameDoc, 'dark');
    expect(homework.url()).toBe(DOC_B);
    expect(await homework.locator('#served').textContent()).toBe('Served by docs.google.com');
    // The same document cannot be reached again this session; another one can.
    const docRequests = () => server.requestsTo('docs.google.com').filter((r) => r.url.includes('1ReportedDoc_A')).length;
    const before = docRequests();
    const again = await browser.visit(`${DOC_A}?tab=t.0`);
    expect(isKeyedBlockedPage(again.finalUrl, '#reason=reported')).toBe(true);
    await pageState(again.page, 'dark');
    expect(docRequests()).toBe(before);
    const other = await browser.visit('https://docs.google.com/document/d/1AnotherDoc_C/edit');
    expect(other.finalUrl).toBe('https://docs.google.com/document/d/1AnotherDoc_C/edit');

    // The dark screen thanks the pupil and offers picture choices, only on the tab they reported.
    expect(await reported.locator('#headline').textContent()).toBe('Thank you for telling. You did the right thing.');
    expect(await reported.locator('.choice').count()).toBe(5);
    expect(await sameDoc.locator('.choice').count()).toBe(0);
    await accessibleAtBothSizes(reported, 'reported-dark');
    await reported.locator('#choice-unkind').click();
    await expect.poll(() => reported.locator('#choice-thanks').textContent()).toBe('Thank you. A grown-up will help you.');
    expect(await reported.locator('.choice').count()).toBe(0);

    const reports = (await recordedEvents(browser)).filter((e) => e.type === 'reported');
    expect(reports).toEqual([
      { type: 'reported', host: 'docs.google.com', detail: { report: expect.any(String) } },
      { type: 'reported', host: 'docs.google.com', detail: { report: expect.any(String), choice: 'unkind' } },
    ]);
    expect((reports[0]!.detail as { report: string }).report).toBe((reports[1]!.detail as { report: string }).report);
    expect(JSON.stringify(reports)).not.toContain('1ReportedDoc_A');
    await Promise.all([reported, sameDoc, homework, again.page, other.page].map((p) => p.close()));
  });

  it('the dark screen after a report is axe-clean in every language', async () => {
    const { page } = await browser.visit('https://www.youtube.com/watch?v=upsetting01');
    await page.bringToFront();
    const popup = await openPopup(browser);
    await popup.locator('#report').click();
    await isDark(page);
    await pageState(page, 'dark');
    for (const locale of LOCALES) {
      await page.evaluate((l) => localStorage.setItem('safeguard.locale', l), locale);
      await page.reload();
      await pageState(page, 'dark');
      expect(await page.locator('html').getAttribute('lang')).toBe(locale);
      expect(await axeViolations(page), locale).toEqual([]);
      if (locale === 'ar') await screenshot(page, 'reported-dark-arabic-360', { viewport: 'phone', fullPage: true });
    }
    await page.evaluate(() => localStorage.removeItem('safeguard.locale'));
    await Promise.all([page.close(), popup.isClosed() ? undefined : popup.close()]);
  });
});

type Listeners = {
  onMenuClicked(info: { menuItemId: string }, tab?: { id?: number }): void;
  onCommand(command: string, tab?: { id?: number }): void;
};
type ChromeInWorker = {
  tabs: { query(q: unknown): Promise<{ id: number; url?: string }[]> };
  commands: { getAll(): Promise<{ name?: string; shortcut?: string }[]> };
};

/** Calls the background's own listener, as Chromium would on the shortcut or menu click. */
async function fireListener(kind: 'menu' | 'command', url: string, withTab: boolean): Promise<void> {
  await browser.currentWorker().evaluate(
    async ({ kind, url, withTab }) => {
      const g = globalThis as unknown as { chrome: ChromeInWorker; safeguardReportListeners: Listeners };
      const [tab] = await g.chrome.tabs.query({ url });
      if (kind === 'menu') g.safeguardReportListeners.onMenuClicked({ menuItemId: 'report-page' }, { id: tab!.id });
      else g.safeguardReportListeners.onCommand('report-page', withTab ? { id: tab!.id } : undefined);
    },
    { kind, url, withTab },
  );
}

describe('report via the keyboard shortcut and the right-click menu', () => {
  it('the shortcut is registered as Alt+Shift+H', async () => {
    const commands = await browser
      .currentWorker()
      .evaluate(async () => (globalThis as unknown as { chrome: ChromeInWorker }).chrome.commands.getAll());
    expect(commands.find((c) => c.name === 'report-page')?.shortcut).toBe('Alt+Shift+H');
  });

  it.each([
    ['command', false],
    ['menu', true],
  ] as const)(
    '%s: darkens the page, blocks its host (not a shared platform) and its other tabs, records the report',
    async (kind, withTab) => {
      const host = `${kind}-upsetting.test`;
      const url = `http://${host}/page`;
      const { page } = await browser.visit(url);
      const sibling = (await browser.visit(`http://${host}/other`)).page;
      await page.bringToFront();
      await fireListener(kind, url, withTab);
      await isDark(page);
      await pageState(page, 'dark');
      await isDark(sibling);
      expect((await recordedEvents(browser)).filter((e) => e.type === 'reported' && e.host === host)).toHaveLength(1);
      const before = server.requestsTo(host).length;
      const again = await browser.visit(`http://${host}/third`);
      expect(isKeyedBlockedPage(again.finalUrl, '#reason=reported')).toBe(true);
      expect(server.requestsTo(host).length).toBe(before);
      await Promise.all([page.close(), sibling.close(), again.page.close()]);
    },
  );
});
