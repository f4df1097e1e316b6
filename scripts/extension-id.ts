import { createHash } from 'node:crypto';
import { EXTENSION_PUBLIC_KEY } from '../src/extension-identity';

/** The manifest key this build uses: the committed one unless SAFEGUARD_EXTENSION_KEY overrides it. */
export function buildExtensionKey(): string {
  return process.env.SAFEGUARD_EXTENSION_KEY?.trim() || EXTENSION_PUBLIC_KEY;
}

/** Chrome's extension ID for a manifest key: the first 128 bits of SHA-256 of the key, as letters a–p. */
export function extensionIdForKey(base64Key: string): string {
  const digest = createHash('sha256').update(Buffer.from(base64Key, 'base64')).digest('hex').slice(0, 32);
  return [...digest].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

export const TEST_EXTENSION_ID = extensionIdForKey(buildExtensionKey());
