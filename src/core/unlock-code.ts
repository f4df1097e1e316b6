import { verifyPin } from './pin';
import { verifyTotp } from './totp';
import type { UnlockGuard } from './unlock-attempts';

/**
 * What an adult types to unlock a blocked page: a 6-digit time-based code from the school's secret
 * (`unlockCodeSecret`; any member of staff's authenticator app or the DSL workspace shows it), or the
 * school's PIN of 6 to 12 digits (`unlockPinHash`) where it keeps one. One keypad takes either.
 */
export const UNLOCK_CODE_PATTERN = /^\d{6,12}$/;

export interface UnlockSecrets {
  unlockCodeSecret: string | undefined;
  unlockPinHash: string | undefined;
}

export type UnlockCheck = { ok: true; method: 'code' | 'pin'; step: number | null } | { ok: false };

export const hasUnlockSecret = (secrets: UnlockSecrets) => Boolean(secrets.unlockCodeSecret || secrets.unlockPinHash);

/**
 * Checks `entered` against the school's secret (a code from a step after the last one used here) and then its
 * PIN. A code that already unlocked this device, or an older one, is refused: seeing a teacher type it is not enough.
 */
export async function checkUnlockCode(entered: string, secrets: UnlockSecrets, guard: UnlockGuard, nowMs: number): Promise<UnlockCheck> {
  if (!UNLOCK_CODE_PATTERN.test(entered)) return { ok: false };
  if (secrets.unlockCodeSecret) {
    const totp = await verifyTotp(secrets.unlockCodeSecret, entered, Math.floor(nowMs / 1000));
    if (totp.ok && totp.step > guard.lastCodeStep) return { ok: true, method: 'code', step: totp.step };
  }
  if (secrets.unlockPinHash && (await verifyPin(entered, secrets.unlockPinHash))) return { ok: true, method: 'pin', step: null };
  return { ok: false };
}
