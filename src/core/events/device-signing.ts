import { KEY_ID_PATTERN, publicJwkSchema, type PublicJwk } from './schema-v2';
import { SIGNATURE_TOLERANCE_SECONDS } from './signing';

/**
 * Wire format v2 signatures (docs/wire-format-v2.md): ECDSA P-256 with SHA-256 over "<t>.<n>.<body>", in the
 * IEEE P1363 form WebCrypto produces, base64url. Pure WebCrypto, so the device signs and the endpoint verifies
 * with this same code.
 */

const ECDSA = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;
const encoder = new TextEncoder();

export function base64url(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let binary = '';
  for (const byte of view) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  try {
    return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/** A new device key pair: the private half cannot be exported, even by the extension itself. */
export async function generateDeviceKeyPair(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(ECDSA, false, ['sign', 'verify']);
}

/** The public half as the JWK members a registration sends. */
export async function exportPublicJwk(publicKey: CryptoKey): Promise<PublicJwk> {
  const jwk = await crypto.subtle.exportKey('jwk', publicKey);
  return publicJwkSchema.parse({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y });
}

/** RFC 7638 thumbprint: SHA-256 of the required members in lexical order, base64url. */
export async function jwkThumbprint(jwk: PublicJwk): Promise<string> {
  const canonical = `{"crv":"${jwk.crv}","kty":"${jwk.kty}","x":"${jwk.x}","y":"${jwk.y}"}`;
  return base64url(await crypto.subtle.digest('SHA-256', encoder.encode(canonical)));
}

export async function importPublicJwk(jwk: PublicJwk): Promise<CryptoKey> {
  return crypto.subtle.importKey('jwk', { ...jwk, ext: true }, ECDSA, true, ['verify']);
}

/** `t=<unix seconds>,n=<nonce>,v2=<signature>` for `body`, signed with the device's private key. */
export async function deviceSignatureHeaderValue(privateKey: CryptoKey, body: string, unixSeconds: number, nonce: string): Promise<string> {
  const t = Math.floor(unixSeconds);
  const signature = await crypto.subtle.sign(SIGN, privateKey, encoder.encode(`${t}.${nonce}.${body}`));
  return `t=${t},n=${nonce},v2=${base64url(signature)}`;
}

export interface ParsedDeviceSignature {
  t: number;
  n: string;
  v2: Uint8Array;
}

export function parseDeviceSignatureHeader(value: string | undefined | null): ParsedDeviceSignature | null {
  if (!value || value.length > 300) return null;
  const fields = new Map<string, string>();
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return null;
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const t = fields.get('t');
  const n = fields.get('n');
  const v2 = fields.get('v2');
  if (!t || !/^\d{1,12}$/.test(t) || !n || !/^[A-Za-z0-9_-]{16,64}$/.test(n) || !v2 || !/^[A-Za-z0-9_-]{86}$/.test(v2)) return null;
  const signature = fromBase64url(v2);
  return signature && signature.length === 64 ? { t: Number(t), n, v2: signature } : null;
}

export type DeviceSignatureCheck =
  { ok: true; signature: ParsedDeviceSignature } | { ok: false; reason: 'missing-or-malformed' | 'stale' | 'mismatch' };

/** Checks a v2 signature header against the raw body with the registered public key; `nowSeconds` is the receiver's clock. */
export async function verifyDeviceSignature(
  publicKey: CryptoKey,
  body: string,
  header: string | undefined | null,
  nowSeconds: number,
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): Promise<DeviceSignatureCheck> {
  const parsed = parseDeviceSignatureHeader(header);
  if (!parsed) return { ok: false, reason: 'missing-or-malformed' };
  if (Math.abs(nowSeconds - parsed.t) > toleranceSeconds) return { ok: false, reason: 'stale' };
  const valid = await crypto.subtle.verify(SIGN, publicKey, parsed.v2 as BufferSource, encoder.encode(`${parsed.t}.${parsed.n}.${body}`));
  return valid ? { ok: true, signature: parsed } : { ok: false, reason: 'mismatch' };
}

export function isKeyId(value: string | undefined | null): value is string {
  return typeof value === 'string' && KEY_ID_PATTERN.test(value);
}
