import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createStateStore } from '@/src/adapters/state-store';
import { deviceBlockPageUrl } from './block-page-key';

describe("the device's blocked-page key", () => {
  beforeEach(() => fakeBrowser.reset());

  it('is made once from 16 random bytes and kept; an unreadable stored key is replaced', async () => {
    const state = createStateStore(fakeBrowser.storage.local);
    const bytes = (n: number) => new Uint8Array(n).fill(0xab);
    const url = await deviceBlockPageUrl(state, 'chrome-extension://id/blocked.html', bytes);
    expect(url).toBe(`chrome-extension://id/blocked.html?k=${'ab'.repeat(16)}`);
    expect(await deviceBlockPageUrl(state, 'chrome-extension://id/blocked.html', () => new Uint8Array(16))).toBe(url);
    await fakeBrowser.storage.local.set({ blockPageKey: 'short' });
    const fresh = createStateStore(fakeBrowser.storage.local, { warn: () => undefined });
    expect(await deviceBlockPageUrl(fresh, 'chrome-extension://id/blocked.html', (n) => new Uint8Array(n).fill(1))).toBe(
      `chrome-extension://id/blocked.html?k=${'01'.repeat(16)}`,
    );
  });
});
