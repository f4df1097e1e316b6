import { browser } from 'wxt/browser';
import type { BrowserFacts } from '@/src/core/deployment';
import { browserDirectoryDeviceIdReader } from './device-id';

/**
 * What the extension can find out about where it runs, with the permissions it already has (the
 * status page's "Deploying safely" checks). Each fact is null when the browser does not say; a
 * failed read never stops the status page.
 */
export async function readBrowserFacts(): Promise<BrowserFacts> {
  const settle = <T>(read: () => Promise<T>): Promise<T | null> => read().catch(() => null);
  const readDirectoryId = browserDirectoryDeviceIdReader();
  const [self, allowedInIncognito, platform, directoryId] = await Promise.all([
    // getSelf needs no "management" permission.
    settle(() => browser.management.getSelf()),
    settle(() => browser.extension.isAllowedIncognitoAccess()),
    settle(() => browser.runtime.getPlatformInfo()),
    readDirectoryId ? settle(readDirectoryId) : Promise.resolve(null),
  ]);
  const os = platform?.os ?? null;
  return {
    installType: self?.installType ?? null,
    mayDisable: self?.mayDisable ?? null,
    allowedInIncognito,
    os,
    enrolledDevice: os === 'cros' ? Boolean(directoryId) : null,
  };
}
