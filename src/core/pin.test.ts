import { describe, expect, it } from 'vitest';
import { makePinHash, MIN_PIN_ITERATIONS, parsePinHash, verifyPin } from './pin';

describe('unlock PIN hash', () => {
  it('verifies the right PIN and refuses a wrong one', async () => {
    const encoded = await makePinHash('482615', MIN_PIN_ITERATIONS);
    expect(encoded).toMatch(/^pbkdf2-sha256\$100000\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(encoded).not.toContain('482615');
    expect(await verifyPin('482615', encoded)).toBe(true);
    expect(await verifyPin('482616', encoded)).toBe(false);
    expect(await verifyPin('4826150', encoded)).toBe(false);
  });
  it('salts: the same PIN hashes differently each time', async () => {
    expect(await makePinHash('123456', MIN_PIN_ITERATIONS)).not.toBe(await makePinHash('123456', MIN_PIN_ITERATIONS));
  });
  it('is deterministic for a given salt (known-answer check against the PBKDF2 definition)', async () => {
    const salt = new Uint8Array(16).fill(7);
    const a = await makePinHash('246813', MIN_PIN_ITERATIONS, salt);
    expect(await makePinHash('246813', MIN_PIN_ITERATIONS, salt)).toBe(a);
    const { pbkdf2Sync } = await import('node:crypto');
    const expected = pbkdf2Sync('246813', Buffer.from(salt), MIN_PIN_ITERATIONS, 32, 'sha256').toString('base64');
    expect(a.split('$')[3]).toBe(expected);
  });
  it.each([
    ['', 'must look like'],
    ['sha1$1$aa$bb', 'must look like'],
    ['pbkdf2-sha256$10$AAAAAAAAAAA=$' + 'A'.repeat(43) + '=', 'iterations'],
    ['pbkdf2-sha256$100000$AA==$' + 'A'.repeat(43) + '=', 'salt'],
    ['pbkdf2-sha256$100000$AAAAAAAAAAA=$AAAA', 'hash'],
    ['pbkdf2-sha256$100000$<script>$' + 'A'.repeat(43) + '=', 'salt'],
  ])('rejects malformed hash %j', async (encoded, message) => {
    const parsed = parsePinHash(encoded);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(message);
    expect(await verifyPin('123456', encoded)).toBe(false);
  });
  it('refuses PINs that are not 6–12 digits: a 4-digit PIN falls to an offline search of its hash in minutes', async () => {
    await expect(makePinHash('12a456')).rejects.toThrow('6 to 12 digits');
    await expect(makePinHash('1234')).rejects.toThrow('6 to 12 digits');
    // A hash of a 4-digit PIN made by an older version never unlocks.
    const old = `pbkdf2-sha256$${MIN_PIN_ITERATIONS}$${Buffer.from(new Uint8Array(16).fill(1)).toString('base64')}$${(await import('node:crypto')).pbkdf2Sync('4826', Buffer.from(new Uint8Array(16).fill(1)), MIN_PIN_ITERATIONS, 32, 'sha256').toString('base64')}`;
    expect(parsePinHash(old).ok).toBe(true);
    expect(await verifyPin('4826', old)).toBe(false);
    const encoded = await makePinHash('123456', MIN_PIN_ITERATIONS);
    expect(await verifyPin('123456 ', encoded)).toBe(false);
  });
});

describe('unlockPinHash in the admin policy', () => {
  it('refuses a policy whose PIN hash is malformed (the last good policy stays)', async () => {
    const { resolvePolicy } = await import('./policy/resolve');
    const bad = resolvePolicy({ keyStage: 'KS2', unlockPinHash: '1234' });
    expect(bad.kind).toBe('invalid');
    if (bad.kind === 'invalid') expect(bad.issues[0]?.path).toBe('unlockPinHash');
    const good = resolvePolicy({ keyStage: 'KS2', unlockPinHash: await makePinHash('123456', MIN_PIN_ITERATIONS) });
    expect(good.kind).toBe('valid');
  });
});
