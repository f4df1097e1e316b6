import { describe, expect, it } from 'vitest';
import {
  afterWrongPin,
  FIRST_LOCKOUT_MS,
  FREE_PIN_ATTEMPTS,
  makePinHash,
  MAX_LOCKOUT_MS,
  MIN_PIN_ITERATIONS,
  NO_PIN_ATTEMPTS,
  parsePinHash,
  pinRetryAfter,
  verifyPin,
} from './pin';

describe('unlock PIN hash', () => {
  it('verifies the right PIN and refuses a wrong one', async () => {
    const encoded = await makePinHash('4826', MIN_PIN_ITERATIONS);
    expect(encoded).toMatch(/^pbkdf2-sha256\$100000\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(encoded).not.toContain('4826');
    expect(await verifyPin('4826', encoded)).toBe(true);
    expect(await verifyPin('4827', encoded)).toBe(false);
    expect(await verifyPin('48260', encoded)).toBe(false);
  });
  it('salts: the same PIN hashes differently each time', async () => {
    expect(await makePinHash('1234', MIN_PIN_ITERATIONS)).not.toBe(await makePinHash('1234', MIN_PIN_ITERATIONS));
  });
  it('is deterministic for a given salt (known-answer check against the PBKDF2 definition)', async () => {
    const salt = new Uint8Array(16).fill(7);
    const a = await makePinHash('2468', MIN_PIN_ITERATIONS, salt);
    expect(await makePinHash('2468', MIN_PIN_ITERATIONS, salt)).toBe(a);
    const { pbkdf2Sync } = await import('node:crypto');
    const expected = pbkdf2Sync('2468', Buffer.from(salt), MIN_PIN_ITERATIONS, 32, 'sha256').toString('base64');
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
    expect(await verifyPin('1234', encoded)).toBe(false);
  });
  it('refuses PINs that are not 4–12 digits', async () => {
    await expect(makePinHash('12a4')).rejects.toThrow('4 to 12 digits');
    const encoded = await makePinHash('123456', MIN_PIN_ITERATIONS);
    expect(await verifyPin('123456 ', encoded)).toBe(false);
  });
});

describe('wrong-PIN back-off', () => {
  it('allows a few tries, then locks for longer each time, up to a cap', () => {
    let state = NO_PIN_ATTEMPTS;
    for (let i = 0; i < FREE_PIN_ATTEMPTS; i++) {
      state = afterWrongPin(state, 1000);
      expect(pinRetryAfter(state, 1000)).toBe(0);
    }
    state = afterWrongPin(state, 1000);
    expect(pinRetryAfter(state, 1000)).toBe(FIRST_LOCKOUT_MS);
    state = afterWrongPin(state, 2000);
    expect(pinRetryAfter(state, 2000)).toBe(FIRST_LOCKOUT_MS * 2);
    for (let i = 0; i < 20; i++) state = afterWrongPin(state, 3000);
    expect(pinRetryAfter(state, 3000)).toBe(MAX_LOCKOUT_MS);
    expect(pinRetryAfter(state, 3000 + MAX_LOCKOUT_MS + 1)).toBe(0);
  });
});

describe('unlockPinHash in the admin policy', () => {
  it('refuses a policy whose PIN hash is malformed (the last good policy stays)', async () => {
    const { resolvePolicy } = await import('./policy/resolve');
    const bad = resolvePolicy({ keyStage: 'KS2', unlockPinHash: '1234' });
    expect(bad.kind).toBe('invalid');
    if (bad.kind === 'invalid') expect(bad.issues[0]?.path).toBe('unlockPinHash');
    const good = resolvePolicy({ keyStage: 'KS2', unlockPinHash: await makePinHash('1234', MIN_PIN_ITERATIONS) });
    expect(good.kind).toBe('valid');
  });
});
