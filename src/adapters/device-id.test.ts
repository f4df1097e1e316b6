import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { readDeviceIdentity } from './device-id';
import { createStateStore } from './state-store';

describe('device identity', () => {
  beforeEach(() => fakeBrowser.reset());

  it('uses the directory device ID on managed ChromeOS', async () => {
    const state = createStateStore(fakeBrowser.storage.local);
    expect(
      await readDeviceIdentity(
        state,
        async () => 'dir-1',
        () => 'new',
      ),
    ).toEqual({ id: 'dir-1', kind: 'directory' });
    expect(await state.get('installId')).toBeNull();
  });

  it('falls back to one random install ID, kept across calls, when the API is missing or empty', async () => {
    const state = createStateStore(fakeBrowser.storage.local);
    let made = 0;
    const newId = () => `install-${++made}`;
    expect(await readDeviceIdentity(state, undefined, newId)).toEqual({ id: 'install-1', kind: 'install' });
    expect(await readDeviceIdentity(state, async () => '', newId)).toEqual({ id: 'install-1', kind: 'install' });
    expect(await readDeviceIdentity(state, () => Promise.reject(new Error('not allowed')), newId)).toEqual({
      id: 'install-1',
      kind: 'install',
    });
    expect(made).toBe(1);
  });
});
