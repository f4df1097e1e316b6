/**
 * The adults' unlock PIN, the fallback to time-based codes (totp.ts, unlock-code.ts), stored in policy only
 * as a salted PBKDF2-SHA256 hash: `pbkdf2-sha256$<iterations>$<saltB64>$<hashB64>`. Anyone can read the
 * policy (chrome://policy), and a short PIN falls to an offline search of that hash: a 4-digit PIN was
 * recovered in 272 s on 2 cores. Six digits make that a few days of the same work, which is why they are the
 * minimum; a code from the school's secret changes every 30 seconds and cannot be searched for at all.
 * WebCrypto (`crypto.subtle`) exists in Node 20 and every extension context, so this stays pure.
 */

export const PIN_HASH_PREFIX = 'pbkdf2-sha256';
/** Slow enough to make guessing a leaked hash costly, fast enough (~0.2 s on a Chromebook) to unlock. */
export const DEFAULT_PIN_ITERATIONS = 210_000;
export const MIN_PIN_ITERATIONS = 100_000;
export const MAX_PIN_ITERATIONS = 5_000_000;
const HASH_BYTES = 32;
const MIN_SALT_BYTES = 8;

/** PINs are 6 to 12 digits: easy on a touch keypad, and a pupil cannot type a phrase into them. */
export const MIN_PIN_DIGITS = 6;
export const PIN_PATTERN = /^\d{6,12}$/;

export interface ParsedPinHash {
  iterations: number;
  salt: Uint8Array;
  hash: Uint8Array;
}

export type PinHashParse = { ok: true; value: ParsedPinHash } | { ok: false; message: string };

function fromBase64(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return null;
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

export function parsePinHash(encoded: string): PinHashParse {
  const parts = encoded.trim().split('$');
  if (parts.length !== 4 || parts[0] !== PIN_HASH_PREFIX) {
    return { ok: false, message: `must look like ${PIN_HASH_PREFIX}$<iterations>$<salt>$<hash> (see README: "Making an unlock PIN")` };
  }
  const iterations = Number(parts[1]);
  if (!Number.isInteger(iterations) || iterations < MIN_PIN_ITERATIONS || iterations > MAX_PIN_ITERATIONS) {
    return { ok: false, message: `iterations must be a whole number from ${MIN_PIN_ITERATIONS} to ${MAX_PIN_ITERATIONS}` };
  }
  const [, , saltText = '', hashText = ''] = parts;
  const salt = fromBase64(saltText);
  if (!salt || salt.length < MIN_SALT_BYTES) return { ok: false, message: `salt must be at least ${MIN_SALT_BYTES} bytes of base64` };
  const hash = fromBase64(hashText);
  if (!hash || hash.length !== HASH_BYTES) return { ok: false, message: `hash must be ${HASH_BYTES} bytes of base64` };
  return { ok: true, value: { iterations, salt, hash } };
}

async function derive(pin: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
    key,
    HASH_BYTES * 8,
  );
  return new Uint8Array(bits);
}

/** Makes the policy value for a PIN; `salt` is for tests only (default: 16 random bytes). */
export async function makePinHash(pin: string, iterations = DEFAULT_PIN_ITERATIONS, salt?: Uint8Array): Promise<string> {
  if (!PIN_PATTERN.test(pin)) throw new Error('A PIN is 6 to 12 digits.');
  const useSalt = salt ?? crypto.getRandomValues(new Uint8Array(16));
  const hash = await derive(pin, useSalt, iterations);
  return `${PIN_HASH_PREFIX}$${iterations}$${toBase64(useSalt)}$${toBase64(hash)}`;
}

/** True only when `pin` matches; a malformed PIN or hash is simply false. Compares in constant time. */
export async function verifyPin(pin: string, encoded: string): Promise<boolean> {
  if (!PIN_PATTERN.test(pin)) return false;
  const parsed = parsePinHash(encoded);
  if (!parsed.ok) return false;
  const actual = await derive(pin, parsed.value.salt, parsed.value.iterations);
  let difference = 0;
  for (let i = 0; i < HASH_BYTES; i++) difference |= (actual[i] ?? 0) ^ (parsed.value.hash[i] ?? 1);
  return difference === 0;
}
