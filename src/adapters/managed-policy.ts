import { browser } from 'wxt/browser';

/**
 * Reads the admin policy. Chrome can answer `{}` for a moment at start-up before policy has
 * loaded; the caller treats empty as "not yet known" and keeps the last rules in force.
 */
export async function readManagedPolicy(): Promise<Record<string, unknown>> {
  try {
    return await browser.storage.managed.get();
  } catch {
    // Not managed at all (e.g. a developer install without policy): same as empty.
    return {};
  }
}
