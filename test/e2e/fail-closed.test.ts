import { afterEach, describe, expect, it } from 'vitest';
import {
  blockedPagePrefix,
  launchBrowser,
  removePolicy,
  startTestServer,
  writePolicy,
  launchWithPolicy,
  closeAll,
  type LaunchedBrowser,
  type TestServer,
} from './harness';

let server: TestServer | undefined;
let browser: LaunchedBrowser | undefined;

afterEach(async () => {
  await closeAll(browser, server);
  browser = server = undefined;
});

describe('fail closed and live policy changes in real Chromium', () => {
  it('an invalid first policy enforces the strictest profile and says why', async () => {
    server = await startTestServer();
    // Chromium drops values that do not fit the managed schema, so keyStage never reaches the extension.
    writePolicy({ keyStage: 'KS9', schoolId: 'URN-bad', blockDomains: ['x.test'] });
    browser = await launchBrowser({ server });
    const status = await browser.waitForStatus((s) => s.source === 'default' && s.issues.length > 0);
    expect(status.keyStage).toBe('EYFS');
    expect(status.issues[0]!.path).toBe('keyStage');
    const { page, finalUrl } = await browser.visit('http://ordinary.example.test/');
    expect(finalUrl.startsWith(blockedPagePrefix())).toBe(true);
    await page.close();

    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await expect.poll(() => options.locator('#source').textContent()).toMatch(/strictest profile/);
    await expect.poll(() => options.locator('#issues').textContent()).toMatch(/keyStage/);
  });

  it("a policy change while the browser runs takes effect (Chromium's own policy file watcher)", async () => {
    server = await startTestServer();
    writePolicy({ keyStage: 'STAFF', schoolId: 'URN-live' });
    browser = await launchBrowser({ server });
    await browser.waitForStatus((s) => s.source === 'admin' && s.keyStage === 'STAFF');
    let visit = await browser.visit('http://www.bet365.com/');
    expect(visit.finalUrl).toBe('http://www.bet365.com/');
    await visit.page.close();

    writePolicy({ keyStage: 'KS3', schoolId: 'URN-live', blockDomains: ['newly-blocked.test'] });
    await browser.waitForStatus((s) => s.keyStage === 'KS3', 60_000);
    visit = await browser.visit('http://www.bet365.com/');
    expect(visit.finalUrl.startsWith(blockedPagePrefix())).toBe(true);
    await visit.page.close();
    visit = await browser.visit('http://newly-blocked.test/');
    expect(visit.finalUrl.startsWith(blockedPagePrefix())).toBe(true);
    await visit.page.close();
  });

  it('a valid policy replaced by an invalid one keeps the last good policy; the audit log records both', async () => {
    server = await startTestServer();
    writePolicy({ keyStage: 'KS4', schoolId: 'URN-lastgood', blockDomains: ['kept-blocked.test'] });
    browser = await launchBrowser({ server });
    await browser.waitForStatus((s) => s.source === 'admin' && s.schoolId === 'URN-lastgood');
    // A list where a string is expected survives Chromium's schema check only partly; a missing
    // keyStage is what reaches the extension, and must not open the filter.
    writePolicy({ schoolId: 'URN-lastgood', blockDomains: [] });
    await browser.reloadPolicy();
    const status = await browser.waitForStatus((s) => s.source === 'last-good');
    expect(status.keyStage).toBe('KS4');
    const { page, finalUrl } = await browser.visit('http://kept-blocked.test/');
    expect(finalUrl.startsWith(blockedPagePrefix())).toBe(true);
    await page.close();

    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await expect.poll(() => options.locator('#audit tbody tr[data-kind="policy-rejected"]').count()).toBeGreaterThan(0);
    await expect.poll(() => options.locator('#audit tbody tr[data-kind="policy-applied"]').count()).toBeGreaterThan(0);
    await expect.poll(() => options.locator('#source').textContent()).toMatch(/Last good/);
  });

  it('restarting the browser keeps the rules in force before policy is read', async () => {
    server = await startTestServer();
    browser = await launchWithPolicy(server, { keyStage: 'KS2', schoolId: 'URN-restart', blockDomains: ['restart-blocked.test'] });
    const userDataDir = browser.userDataDir;
    await browser.context.close();
    // Same profile, no policy at all now: the last good policy must still be enforced.
    removePolicy();
    browser = await launchBrowser({ server, userDataDir });
    await browser.waitForStatus((s) => s.source === 'last-good');
    const { page, finalUrl } = await browser.visit('http://restart-blocked.test/');
    expect(finalUrl.startsWith(blockedPagePrefix())).toBe(true);
    await page.close();
  });
});
