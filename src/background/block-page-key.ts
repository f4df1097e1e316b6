import type { StateStore } from '@/src/adapters/state-store';
import { BLOCK_PAGE_KEY_PATTERN, blockPageUrlFor } from '@/src/core/blocked-navigation';

/**
 * This device's blocked page with its key (see src/core/blocked-navigation.ts), made once per
 * install and kept: the rules carry it, so it must not change while they are installed.
 */
export async function deviceBlockPageUrl(
  state: StateStore,
  blockedHtmlUrl: string,
  randomBytes: (n: number) => Uint8Array,
): Promise<string> {
  let key = await state.get('blockPageKey');
  if (key === null || !BLOCK_PAGE_KEY_PATTERN.test(key)) {
    key = [...randomBytes(16)].map((b) => b.toString(16).padStart(2, '0')).join('');
    await state.set({ blockPageKey: key });
  }
  return blockPageUrlFor(blockedHtmlUrl, key);
}
