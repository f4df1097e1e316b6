import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';

/**
 * Screenshots for the README. A normal test run still takes every screenshot (so rendering is exercised)
 * but writes under test-results/, leaving tracked files alone; `UPDATE_SCREENSHOTS=1` writes docs/screenshots.
 */
export const SCREENSHOT_DIR = resolve(
  import.meta.dirname,
  process.env.UPDATE_SCREENSHOTS === '1' ? '../../docs/screenshots' : '../../test-results/screenshots',
);

/** Common viewports: a Chromebook and a small phone (WCAG 1.4.10 reflow). */
export const VIEWPORTS = { chromebook: { width: 1366, height: 768 }, phone: { width: 360, height: 640 } } as const;

/** Saves `target` (a page at Chromebook size unless `viewport` says otherwise, or one element) as `<name>.png`. */
export async function screenshot(
  target: Page | Locator,
  name: string,
  options: { viewport?: keyof typeof VIEWPORTS; fullPage?: boolean } = {},
): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = resolve(SCREENSHOT_DIR, `${name}.png`);
  if ('setViewportSize' in target) {
    await target.setViewportSize(VIEWPORTS[options.viewport ?? 'chromebook']);
    await target.screenshot({ path, fullPage: options.fullPage ?? false });
  } else {
    await target.screenshot({ path });
  }
}
