import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isKeyedBlockedPage,
  startTestServer,
  launchWithPolicy,
  closeAll,
  EXTENSION_ID,
  type LaunchedBrowser,
  type TestServer,
} from './harness';
import { applyPolicy, axeViolations, pageState, recordedEvents } from './pupil-helpers';
import { screenshot } from './screenshots';

/**
 * The pupil's report in real Chromium: the popup's button, the keyboard shortcut and the
 * right-click menu each turn the tab dark, block the host for the session on every tab, and
 * record a `reported` event with the host only.
 */
let server: TestServer;
let browser: LaunchedBrowser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchWithPolicy(server, { keyStage: 'KS3', schoolId: 'URN-report-start' });
  await applyPolicy(browser, { keyStage: 'KS3', schoolId: 'URN-report', adults: [{ role: 'teacher', name: 'Mr Shah' }] });
});

afterAll(() => closeAll(browser, server));

/** Opens the real popup page in its own small window, as the toolbar would show it. */
async function openPopup() {
  const popupUrl = `chrome-extension://${EXTENSION_ID}/popup.html`;
  const opened = browser.context.waitForEvent('page', { predicate: (p) => p.url() === popupUrl });
  await browser.currentWorker().evaluate(async (url) => {
    await (globalThis as unknown as { chrome: { windows: { create(o: unknown): Promise<unknown> } } }).chrome.windows.create({
      url,
      type: 'popup',
      width: 360,
      height: 420,
    });
  }, popupUrl);
  return opened;
}

describe('report via the popup', () => {
  it('darkens the tab, blocks the host in every tab for the session, and records the report', async () => {
    const { page } = await browser.visit('http://upsetting.test/video?id=42');
    const other = (await browser.visit('http://upsetting.test/other')).page;
    await page.bringToFront();
    const popup = await openPopup();
    await popup.locator('#report').waitFor();
    expect(await popup.locator('#report').textContent()).toContain('Tell an adult');
    expect(await axeViolations(popup)).toEqual([]);
    await screenshot(popup.locator('main'), 'popup');
    const started = Date.now();
    await popup.locator('#report').click();
    await expect.poll(() => page.url(), { timeout: 5_000 }).toMatch(/blocked\.html\?k=[0-9a-f]{32}#reason=reported/);
    await pageState(page, 'dark');
    console.log(`report: click to dark screen ${Date.now() - started} ms (end-to-end, includes polling)`);
    // The other tab on the same host is covered too.
    await expect.poll(() => other.url(), { timeout: 5_000 }).toMatch(/blocked\.html\?k=[0-9a-f]{32}#reason=reported/);
    await pageState(other, 'dark');
    // A new tab cannot reach it again this session: it lands on the dark screen.
    const again = await browser.visit('http://upsetting.test/video?id=42');
    expect(isKeyedBlockedPage(again.finalUrl, '#reason=reported')).toBe(true);
    await pageState(again.page, 'dark');
    const events = await recordedEvents(browser);
    const reported = events.filter((e) => e.type === 'reported');
    expect(reported).toEqual([{ type: 'reported', host: 'upsetting.test' }]);
    await Promise.all([page.close(), other.close(), again.page.close()]);
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
  ] as const)('%s: darkens the page, blocks its host and records the report', async (kind, withTab) => {
    const host = `${kind}-upsetting.test`;
    const url = `http://${host}/page`;
    const { page } = await browser.visit(url);
    await page.bringToFront();
    await fireListener(kind, url, withTab);
    await expect.poll(() => page.url(), { timeout: 5_000 }).toMatch(/blocked\.html\?k=[0-9a-f]{32}#reason=reported/);
    await pageState(page, 'dark');
    expect((await recordedEvents(browser)).filter((e) => e.type === 'reported' && e.host === host)).toHaveLength(1);
    const again = await browser.visit(url);
    expect(isKeyedBlockedPage(again.finalUrl, '#reason=reported')).toBe(true);
    await Promise.all([page.close(), again.page.close()]);
  });
});
