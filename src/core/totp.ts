/**
 * Time-based one-time codes (RFC 6238 over RFC 4226 HOTP, HMAC-SHA-1, 6 digits, 30-second steps): the
 * codes any authenticator app shows for the school's unlock secret. WebCrypto, so the extension's worker
 * and the Node endpoint share this one implementation.
 */

export const TOTP_DIGITS = 6;
export const TOTP_STEP_SECONDS = 30;
/** A code from the step before or after is still accepted: phones and Chromebooks drift a little. */
export const TOTP_WINDOW_STEPS = 1;
/** RFC 4226 asks for at least 128 bits of secret and recommends 160. */
export const MIN_TOTP_SECRET_BYTES = 20;

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Decodes RFC 4648 base32 (case, spaces and `=` padding ignored); null for any other character. */
export function decodeBase32(text: string): Uint8Array | null {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  const out = new Uint8Array(Math.floor((clean.length * 5) / 8));
  let bits = 0;
  let value = 0;
  let index = 0;
  for (const char of clean) {
    const digit = BASE32_ALPHABET.indexOf(char);
    if (digit === -1) return null;
    value = (value << 5) | digit;
    bits += 5;
    if (bits >= 8) {
      out[index++] = (value >>> (bits - 8)) & 0xff;
      bits -= 8;
    }
  }
  return out;
}

export function encodeBase32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32_ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** Why a secret is unusable, or null when it is a base32 secret of at least MIN_TOTP_SECRET_BYTES. */
export function totpSecretProblem(secret: string): string | null {
  const bytes = decodeBase32(secret);
  if (bytes === null) return 'is not base32 (letters A–Z and digits 2–7)';
  if (bytes.length < MIN_TOTP_SECRET_BYTES) return `must be at least ${MIN_TOTP_SECRET_BYTES} bytes (32 base32 characters)`;
  return null;
}

/** RFC 4226 HOTP value of `counter` under `key`, as a zero-padded decimal code. */
export async function hotp(key: Uint8Array, counter: number, digits = TOTP_DIGITS): Promise<string> {
  const message = new ArrayBuffer(8);
  const view = new DataView(message);
  view.setUint32(0, Math.floor(counter / 2 ** 32));
  view.setUint32(4, counter >>> 0);
  const hmacKey = await crypto.subtle.importKey('raw', key as BufferSource, { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']);
  const mac = new DataView(await crypto.subtle.sign('HMAC', hmacKey, message));
  const offset = mac.getUint8(19) & 0x0f;
  const binary = mac.getUint32(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The code for `unixSeconds`; null when the secret is not valid base32. */
export async function totpCode(secretBase32: string, unixSeconds: number): Promise<string | null> {
  const key = decodeBase32(secretBase32);
  if (key === null) return null;
  return hotp(key, Math.floor(unixSeconds / TOTP_STEP_SECONDS));
}

/**
 * Whether `code` is valid at `unixSeconds` within ±TOTP_WINDOW_STEPS, and for which step: the caller records
 * the step so the same code cannot be used twice (RFC 6238 §5.2). Compares every candidate in full.
 */
export async function verifyTotp(
  secretBase32: string,
  code: string,
  unixSeconds: number,
): Promise<{ ok: true; step: number } | { ok: false }> {
  const key = decodeBase32(secretBase32);
  if (key === null || !new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(code)) return { ok: false };
  const now = Math.floor(unixSeconds / TOTP_STEP_SECONDS);
  let match: number | null = null;
  for (let step = now - TOTP_WINDOW_STEPS; step <= now + TOTP_WINDOW_STEPS; step++) {
    const expected = await hotp(key, step);
    let difference = 0;
    for (let i = 0; i < TOTP_DIGITS; i++) difference |= expected.charCodeAt(i) ^ code.charCodeAt(i);
    if (difference === 0 && match === null) match = step;
  }
  return match === null ? { ok: false } : { ok: true, step: match };
}

/** An otpauth:// URI an authenticator app can scan or import for the school's secret. */
export function otpauthUri(secretBase32: string, label: string, issuer = 'School Safeguard'): string {
  const name = encodeURIComponent(`${issuer}:${label}`);
  const params = new URLSearchParams({
    secret: secretBase32.replace(/[\s=]/g, '').toUpperCase(),
    issuer,
    digits: String(TOTP_DIGITS),
    period: String(TOTP_STEP_SECONDS),
  });
  return `otpauth://totp/${name}?${params.toString()}`;
}
