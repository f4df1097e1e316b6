import type { StateStore } from './state-store';

export interface DeviceIdentity {
  id: string;
  kind: 'directory' | 'install';
}

/** `chrome.enterprise.deviceAttributes.getDirectoryDeviceId`, present only on managed ChromeOS. */
export type DirectoryDeviceIdReader = (() => Promise<string>) | undefined;

interface ChromeEnterpriseGlobal {
  chrome?: { enterprise?: { deviceAttributes?: { getDirectoryDeviceId?: (callback: (id: string) => void) => void } } };
}

export function browserDirectoryDeviceIdReader(): DirectoryDeviceIdReader {
  const api = (globalThis as ChromeEnterpriseGlobal).chrome?.enterprise?.deviceAttributes;
  const get = api?.getDirectoryDeviceId;
  if (!get) return undefined;
  return () => new Promise((resolve) => get.call(api, (id) => resolve(typeof id === 'string' ? id : '')));
}

/**
 * The ChromeOS directory device ID when the device is managed (the school can look it up in the
 * Admin console), otherwise a random ID made once and kept in storage.local.
 */
export async function readDeviceIdentity(
  state: StateStore,
  directory: DirectoryDeviceIdReader,
  newId: () => string,
): Promise<DeviceIdentity> {
  if (directory) {
    const id = await directory().catch(() => '');
    if (id) return { id, kind: 'directory' };
  }
  const existing = await state.get('installId');
  if (existing) return { id: existing, kind: 'install' };
  const made = newId();
  await state.set({ installId: made });
  return { id: made, kind: 'install' };
}
