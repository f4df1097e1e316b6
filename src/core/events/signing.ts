/**
 * HMAC-SHA-256 over WebCrypto, which Node and extension service workers both provide: used for the
 * request signature header and for the device pseudonym.
 */

/** Header carrying `t=<unix seconds>,n=<nonce>,v1=<hex HMAC of "t.n.body">`. */
export const SIGNATURE_HEADER = 'X-Safeguard-Signature';
/** A signature older or newer than this is refused as a possible replay. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

const encoder = new TextEncoder();

async function hmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

function toHex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function hmacSha256Hex(secret: string, message: string): Promise<string> {
  return toHex(await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(message)));
}

/**
 * The device pseudonym: HMAC of the device ID under the school's key, first 128 bits. Without the
 * key it cannot be linked to a device; with it, the school can recompute it for a known device ID.
 */
export async function devicePseudonym(schoolKey: string, deviceId: string): Promise<string> {
  return (await hmacSha256Hex(schoolKey, `device:${deviceId}`)).slice(0, 32);
}

export async function signatureHeaderValue(secret: string, body: string, unixSeconds: number, nonce: string): Promise<string> {
  const t = Math.floor(unixSeconds);
  return `t=${t},n=${nonce},v1=${await hmacSha256Hex(secret, `${t}.${nonce}.${body}`)}`;
}

export interface ParsedSignature {
  t: number;
  n: string;
  v1: string;
}

export function parseSignatureHeader(value: string | undefined | null): ParsedSignature | null {
  if (!value || value.length > 300) return null;
  const fields = new Map<string, string>();
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return null;
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const t = fields.get('t');
  const n = fields.get('n');
  const v1 = fields.get('v1');
  if (!t || !/^\d{1,12}$/.test(t) || !n || !/^[A-Za-z0-9_-]{8,64}$/.test(n) || !v1 || !/^[0-9a-f]{64}$/.test(v1)) return null;
  return { t: Number(t), n, v1 };
}

export type SignatureCheck =
  { ok: true; signature: ParsedSignature } | { ok: false; reason: 'missing-or-malformed' | 'stale' | 'mismatch' };

/** Checks a signature header against the raw body; `nowSeconds` is the receiver's clock. */
export async function verifySignature(
  secret: string,
  body: string,
  header: string | undefined | null,
  nowSeconds: number,
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): Promise<SignatureCheck> {
  const parsed = parseSignatureHeader(header);
  if (!parsed) return { ok: false, reason: 'missing-or-malformed' };
  if (Math.abs(nowSeconds - parsed.t) > toleranceSeconds) return { ok: false, reason: 'stale' };
  const expected = await hmacSha256Hex(secret, `${parsed.t}.${parsed.n}.${body}`);
  return constantTimeEqual(expected, parsed.v1) ? { ok: true, signature: parsed } : { ok: false, reason: 'mismatch' };
}

/** Compares equal-length strings without stopping at the first difference. */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
