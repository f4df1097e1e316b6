import { describe, expect, it } from 'vitest';
import { decodeBase32, encodeBase32, hotp, otpauthUri, totpCode, totpSecretProblem, verifyTotp } from './totp';

// RFC 6238 appendix B: the SHA-1 secret is the ASCII string "12345678901234567890"; 8-digit codes there, whose
// last six digits are the 6-digit codes.
const RFC_SECRET = encodeBase32(new TextEncoder().encode('12345678901234567890'));
const RFC_VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(RFC_VECTORS)('at %i s gives the RFC code %s', async (seconds, code) => {
    expect(await totpCode(RFC_SECRET, seconds)).toBe(code.slice(-6));
  });

  it('matches RFC 4226 HOTP test values', async () => {
    const key = new TextEncoder().encode('12345678901234567890');
    expect(await Promise.all([0, 1, 9].map((c) => hotp(key, c)))).toEqual(['755224', '287082', '520489']);
  });

  it('accepts the step before and after, not two away, and says which step matched', async () => {
    const t = 1_700_000_000;
    const code = (await totpCode(RFC_SECRET, t - 30)) ?? '';
    expect(await verifyTotp(RFC_SECRET, code, t)).toEqual({ ok: true, step: Math.floor(t / 30) - 1 });
    expect((await verifyTotp(RFC_SECRET, (await totpCode(RFC_SECRET, t + 30)) ?? '', t)).ok).toBe(true);
    expect((await verifyTotp(RFC_SECRET, (await totpCode(RFC_SECRET, t - 90)) ?? '', t)).ok).toBe(false);
  });

  it('refuses malformed codes and secrets', async () => {
    expect((await verifyTotp(RFC_SECRET, '12345', 59)).ok).toBe(false);
    expect((await verifyTotp(RFC_SECRET, '1234567', 59)).ok).toBe(false);
    expect((await verifyTotp('not base32!', '123456', 59)).ok).toBe(false);
    expect(totpSecretProblem('ABC')).toMatch(/at least 20 bytes/);
    expect(totpSecretProblem('abc1')).toMatch(/not base32/);
    expect(totpSecretProblem(RFC_SECRET)).toBeNull();
  });

  it('round-trips base32 and ignores case, spaces and padding', () => {
    const bytes = Uint8Array.from({ length: 33 }, (_, i) => (i * 37) & 255);
    expect(decodeBase32(encodeBase32(bytes))).toEqual(bytes);
    expect(decodeBase32('mzxw 6ytb oi======')).toEqual(new TextEncoder().encode('foobar'));
  });

  it('makes an otpauth URI an authenticator app understands', () => {
    const uri = new URL(otpauthUri(RFC_SECRET, 'Oakfield Primary'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(RFC_SECRET);
    expect(uri.searchParams.get('digits')).toBe('6');
    expect(uri.searchParams.get('period')).toBe('30');
  });
});
