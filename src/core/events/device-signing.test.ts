import { describe, expect, it } from 'vitest';
import {
  deviceSignatureHeaderValue,
  exportPublicJwk,
  generateDeviceKeyPair,
  importPublicJwk,
  isKeyId,
  jwkThumbprint,
  parseDeviceSignatureHeader,
  verifyDeviceSignature,
} from './device-signing';

const NONCE = 'n0nce-0123456789abcdef';

describe('device signatures (wire format v2)', () => {
  it('signs with a non-extractable key and verifies with the registered public JWK', async () => {
    const pair = await generateDeviceKeyPair();
    await expect(crypto.subtle.exportKey('jwk', pair.privateKey)).rejects.toThrow();
    const jwk = await exportPublicJwk(pair.publicKey);
    const body = '{"events":[]}';
    const header = await deviceSignatureHeaderValue(pair.privateKey, body, 1_800_000_000, NONCE);
    const publicKey = await importPublicJwk(jwk);
    expect((await verifyDeviceSignature(publicKey, body, header, 1_800_000_010)).ok).toBe(true);
    expect(await verifyDeviceSignature(publicKey, `${body} `, header, 1_800_000_010)).toEqual({ ok: false, reason: 'mismatch' });
    expect(await verifyDeviceSignature(publicKey, body, header, 1_800_001_000)).toEqual({ ok: false, reason: 'stale' });
    const other = await importPublicJwk(await exportPublicJwk((await generateDeviceKeyPair()).publicKey));
    expect(await verifyDeviceSignature(other, body, header, 1_800_000_010)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it("computes the RFC 7638 thumbprint (the RFC's own example key shape, P-256 variant)", async () => {
    // RFC 7638 §3.1 gives an RSA example; for EC the same rule applies: members crv, kty, x, y in that order.
    const jwk = {
      kty: 'EC',
      crv: 'P-256',
      x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
      y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
    } as const;
    const id = await jwkThumbprint(jwk);
    expect(isKeyId(id)).toBe(true);
    const canonical =
      '{"crv":"P-256","kty":"EC","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}';
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonical)));
    expect(id).toBe(Buffer.from(digest).toString('base64url'));
  });

  it('refuses malformed headers', () => {
    expect(parseDeviceSignatureHeader(null)).toBeNull();
    expect(parseDeviceSignatureHeader('t=1,n=short,v2=' + 'A'.repeat(86))).toBeNull();
    expect(parseDeviceSignatureHeader(`t=1,n=${NONCE},v1=${'a'.repeat(64)}`)).toBeNull();
    expect(parseDeviceSignatureHeader(`t=1,n=${NONCE},v2=${'A'.repeat(85)}`)).toBeNull();
    expect(parseDeviceSignatureHeader(`t=1,n=${NONCE},v2=${'A'.repeat(86)}`)).not.toBeNull();
  });
});
