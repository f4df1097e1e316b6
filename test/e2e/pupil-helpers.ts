import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { LaunchedBrowser } from './harness';
import { screenshot, VIEWPORTS } from './screenshots';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Injects axe-core's source and runs it (WCAG 2.0–2.2 A and AA rules) in the page and returns the violations, summarised. */
export async function axeViolations(page: Page): Promise<string[]> {
  // Extension pages forbid inline scripts (CSP); evaluating through the DevTools protocol is not a page script.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    });
    return result.violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  });
  return violations;
}

export { screenshot } from './screenshots';

/** axe-core finds nothing on the page, and it is photographed at 1366 and 360 px (the viewport is put back after). */
export async function accessibleAtBothSizes(page: Page, name: string): Promise<void> {
  expect(await axeViolations(page), name).toEqual([]);
  await screenshot(page, name);
  await screenshot(page, `${name}-360`, { viewport: 'phone', fullPage: true });
  await page.setViewportSize(VIEWPORTS.chromebook);
}

export async function applyPolicy(browser: LaunchedBrowser, policy: Record<string, unknown> & { schoolId: string; keyStage: string }) {
  const { writePolicy } = await import('./harness');
  writePolicy(policy);
  await browser.reloadPolicy();
  await browser.waitForStatus((s) => s.source === 'admin' && s.keyStage === policy.keyStage && s.schoolId === policy.schoolId);
}

/** Waits until the blocked page has heard back from the background (or decided it may not). */
export async function pageState(page: Page, state: string): Promise<void> {
  await expect.poll(() => page.locator('body').getAttribute('data-state'), { timeout: 10_000 }).toBe(state);
}

/**
 * The breach events the background queued in the events outbox (no endpoint is configured in these
 * tests, so they stay there), in the shape the features recorded them: empty fields left out.
 */
export async function recordedEvents(
  browser: LaunchedBrowser,
): Promise<{ type: string; host?: string; category?: string; detail?: unknown }[]> {
  return browser.currentWorker().evaluate(async () => {
    const db = await new Promise<IDBDatabase>((done, fail) => {
      const open = indexedDB.open('safeguard');
      open.onsuccess = () => done(open.result);
      open.onerror = () => fail(open.error);
    });
    type Queued = { event: { type: string; host: string | null; category: string | null; detail: Record<string, unknown> } };
    const all = await new Promise<Queued[]>((done, fail) => {
      const request = db.transaction('outbox').objectStore('outbox').getAll();
      request.onsuccess = () => done(request.result as Queued[]);
      request.onerror = () => fail(request.error);
    });
    db.close();
    return all.map(({ event }) => ({
      type: event.type,
      ...(event.host !== null ? { host: event.host } : {}),
      ...(event.category !== null ? { category: event.category } : {}),
      ...(Object.keys(event.detail).length > 0 ? { detail: event.detail } : {}),
    }));
  });
}

export async function auditKinds(browser: LaunchedBrowser): Promise<{ kind: string; detail?: string }[]> {
  return browser.currentWorker().evaluate(async () => {
    const db = await new Promise<IDBDatabase>((done, fail) => {
      const open = indexedDB.open('safeguard');
      open.onsuccess = () => done(open.result);
      open.onerror = () => fail(open.error);
    });
    const all = await new Promise<{ kind: string; detail?: string }[]>((done, fail) => {
      const request = db.transaction('audit').objectStore('audit').getAll();
      request.onsuccess = () => done(request.result as { kind: string; detail?: string }[]);
      request.onerror = () => fail(request.error);
    });
    db.close();
    return all.map((e) => ({ kind: e.kind, detail: e.detail }));
  });
}
