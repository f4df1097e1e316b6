import { describe, expect, it } from 'vitest';
import { devicePseudonym, hmacSha256Hex, parseSignatureHeader, signatureHeaderValue, verifySignature } from './signing';

const NOW = 1_800_000_000;

describe('request signature', () => {
  it('is HMAC-SHA-256 over "t.nonce.body" (RFC 4231 test case 2 checks the primitive)', async () => {
    expect(await hmacSha256Hex('Jefe', 'what do ya want for nothing?')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
    const header = await signatureHeaderValue('k', '{"events":[]}', NOW, 'nonce1234');
    expect(header).toBe(`t=${NOW},n=nonce1234,v1=${await hmacSha256Hex('k', `${NOW}.nonce1234.{"events":[]}`)}`);
  });

  it('verifies a fresh signature and rejects a changed body, wrong key, stale time or garbage', async () => {
    const body = '{"events":[1]}';
    const header = await signatureHeaderValue('secret', body, NOW, 'abcdefgh');
    expect((await verifySignature('secret', body, header, NOW + 10)).ok).toBe(true);
    expect(await verifySignature('secret', body.replace('1', '2'), header, NOW)).toEqual({ ok: false, reason: 'mismatch' });
    expect(await verifySignature('other', body, header, NOW)).toEqual({ ok: false, reason: 'mismatch' });
    expect(await verifySignature('secret', body, header, NOW + 301)).toEqual({ ok: false, reason: 'stale' });
    expect(await verifySignature('secret', body, header, NOW - 301)).toEqual({ ok: false, reason: 'stale' });
    for (const bad of [undefined, '', 't=1', 'v1=zz', `t=x,n=abcdefgh,v1=${'0'.repeat(64)}`, 'a'.repeat(400)]) {
      expect(await verifySignature('secret', body, bad, NOW)).toEqual({ ok: false, reason: 'missing-or-malformed' });
    }
  });

  it('parses its own header', async () => {
    const header = await signatureHeaderValue('s', 'b', NOW, 'n_n-1234');
    expect(parseSignatureHeader(header)).toMatchObject({ t: NOW, n: 'n_n-1234' });
  });
});

describe('device pseudonym', () => {
  it('is stable for one key and device, differs across keys and devices, and does not contain the ID', async () => {
    const a = await devicePseudonym('school-key', 'device-123');
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(await devicePseudonym('school-key', 'device-123')).toBe(a);
    expect(await devicePseudonym('other-key', 'device-123')).not.toBe(a);
    expect(await devicePseudonym('school-key', 'device-124')).not.toBe(a);
    expect(a).not.toContain('123');
  });
});
