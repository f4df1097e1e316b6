/**
 * The adults' unlock PIN, stored in policy only as a salted PBKDF2-SHA256 hash:
 * `pbkdf2-sha256$<iterations>$<saltB64>$<hashB64>`. WebCrypto (`crypto.subtle`) exists in Node 20
 * and every extension context, so this stays pure. Also the wrong-PIN back-off arithmetic.
 */

export const PIN_HASH_PREFIX = 'pbkdf2-sha256';
/** Slow enough to make guessing a leaked hash costly, fast enough (~0.2 s on a Chromebook) to unlock. */
export const DEFAULT_PIN_ITERATIONS = 210_000;
export const MIN_PIN_ITERATIONS = 100_000;
export const MAX_PIN_ITERATIONS = 5_000_000;
const HASH_BYTES = 32;
const MIN_SALT_BYTES = 8;

/** PINs are 4 to 12 digits: easy on a touch keypad, and a pupil cannot type a phrase into them. */
export const PIN_PATTERN = /^\d{4,12}$/;

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
  if (!PIN_PATTERN.test(pin)) throw new Error('A PIN is 4 to 12 digits.');
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

/** Wrong-PIN state, kept in extension storage so a worker restart or page reload does not reset it. */
export interface PinAttempts {
  failures: number;
  /** Epoch ms before which no PIN is checked at all. */
  lockedUntil: number;
}

export const NO_PIN_ATTEMPTS: PinAttempts = { failures: 0, lockedUntil: 0 };
/** Wrong PINs allowed before the first lock-out. */
export const FREE_PIN_ATTEMPTS = 3;
export const FIRST_LOCKOUT_MS = 30_000;
export const MAX_LOCKOUT_MS = 15 * 60_000;

/** After a wrong PIN: the 4th and later failures lock for 30 s, doubling each time up to 15 minutes. */
export function afterWrongPin(state: PinAttempts, now: number): PinAttempts {
  const failures = state.failures + 1;
  if (failures <= FREE_PIN_ATTEMPTS) return { failures, lockedUntil: 0 };
  const lockout = Math.min(MAX_LOCKOUT_MS, FIRST_LOCKOUT_MS * 2 ** (failures - FREE_PIN_ATTEMPTS - 1));
  return { failures, lockedUntil: now + lockout };
}

/** Milliseconds until a PIN may be tried, 0 when it may be tried now. */
export function pinRetryAfter(state: PinAttempts, now: number): number {
  return Math.max(0, state.lockedUntil - now);
}
