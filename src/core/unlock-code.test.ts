import { describe, expect, it } from 'vitest';
import { makePinHash, MIN_PIN_ITERATIONS } from './pin';
import { totpCode } from './totp';
import { FRESH_UNLOCK_GUARD } from './unlock-attempts';
import { checkUnlockCode } from './unlock-code';

const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const NOW = Date.UTC(2026, 10, 24, 10, 0, 0);

describe('an adult unlock code', () => {
  it('takes the current code (and the step either side), then never that step or an older one again', async () => {
    const secrets = { unlockCodeSecret: SECRET, unlockPinHash: undefined };
    const code = (await totpCode(SECRET, NOW / 1000))!;
    const check = await checkUnlockCode(code, secrets, FRESH_UNLOCK_GUARD, NOW);
    expect(check).toEqual({ ok: true, method: 'code', step: Math.floor(NOW / 30_000) });
    expect((await checkUnlockCode(code, secrets, FRESH_UNLOCK_GUARD, NOW + 29_000)).ok).toBe(true);
    expect((await checkUnlockCode(code, secrets, FRESH_UNLOCK_GUARD, NOW + 61_000)).ok).toBe(false);
    const used = { ...FRESH_UNLOCK_GUARD, lastCodeStep: Math.floor(NOW / 30_000) };
    expect((await checkUnlockCode(code, secrets, used, NOW)).ok).toBe(false);
    const next = (await totpCode(SECRET, NOW / 1000 + 30))!;
    expect(await checkUnlockCode(next, secrets, used, NOW + 30_000)).toMatchObject({ ok: true, method: 'code' });
  });
  it('falls back to the school PIN (6 to 12 digits) on the same keypad; nothing else unlocks', async () => {
    const secrets = { unlockCodeSecret: SECRET, unlockPinHash: await makePinHash('86420975', MIN_PIN_ITERATIONS) };
    expect(await checkUnlockCode('86420975', secrets, FRESH_UNLOCK_GUARD, NOW)).toEqual({ ok: true, method: 'pin', step: null });
    expect((await checkUnlockCode('12345', secrets, FRESH_UNLOCK_GUARD, NOW)).ok).toBe(false);
    expect((await checkUnlockCode('86420975 ', secrets, FRESH_UNLOCK_GUARD, NOW)).ok).toBe(false);
    expect((await checkUnlockCode('123456', { unlockCodeSecret: undefined, unlockPinHash: undefined }, FRESH_UNLOCK_GUARD, NOW)).ok).toBe(
      false,
    );
  });
});
