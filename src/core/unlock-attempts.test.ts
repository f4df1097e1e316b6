import { describe, expect, it } from 'vitest';
import {
  afterUnlock,
  afterWrongCode,
  FIRST_LOCKOUT_MS,
  FREE_UNLOCK_ATTEMPTS,
  FRESH_UNLOCK_GUARD,
  MAX_LOCKOUT_MS,
  parseUnlockGuard,
  unlockRetryAfter,
} from './unlock-attempts';

describe('wrong-code back-off', () => {
  it('three tries, then a 30-second wait that doubles with each further wrong code, up to 15 minutes', () => {
    let guard = FRESH_UNLOCK_GUARD;
    for (let i = 1; i < FREE_UNLOCK_ATTEMPTS; i++) {
      guard = afterWrongCode(guard, 1000);
      expect(unlockRetryAfter(guard, 1000)).toBe(0);
    }
    guard = afterWrongCode(guard, 1000);
    expect(unlockRetryAfter(guard, 1000)).toBe(FIRST_LOCKOUT_MS);
    guard = afterWrongCode(guard, 2000);
    expect(unlockRetryAfter(guard, 2000)).toBe(FIRST_LOCKOUT_MS * 2);
    for (let i = 0; i < 100; i++) guard = afterWrongCode(guard, 3000);
    expect(unlockRetryAfter(guard, 3000)).toBe(MAX_LOCKOUT_MS);
    expect(unlockRetryAfter(guard, 3000 + MAX_LOCKOUT_MS + 1)).toBe(0);
  });
  it("an unlock starts the count again and remembers the code's step, never going back", () => {
    const locked = afterWrongCode(afterWrongCode(FRESH_UNLOCK_GUARD, 0), 0);
    expect(afterUnlock(locked, 1234)).toEqual({ failures: 0, lockedUntil: 0, lastCodeStep: 1234 });
    expect(afterUnlock({ ...FRESH_UNLOCK_GUARD, lastCodeStep: 1234 }, 1200).lastCodeStep).toBe(1234);
    expect(afterUnlock({ ...FRESH_UNLOCK_GUARD, lastCodeStep: 1234 }, null).lastCodeStep).toBe(1234);
  });
  it('reads what older versions stored, and nothing it cannot parse as a lock lifted', () => {
    expect(parseUnlockGuard({ failures: 4, lockedUntil: 99 })).toEqual({ failures: 4, lockedUntil: 99, lastCodeStep: 0 });
    expect(parseUnlockGuard({ failures: 1, lockedUntil: 5, lastCodeStep: 7 })).toEqual({ failures: 1, lockedUntil: 5, lastCodeStep: 7 });
    expect(parseUnlockGuard('junk')).toEqual(FRESH_UNLOCK_GUARD);
  });
});
