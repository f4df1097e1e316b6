import { z } from 'zod';

/**
 * Wrong-code state for the adult unlock (codes and PINs alike), kept in extension storage so that neither a
 * worker restart nor a page reload resets it. The background checks attempts one at a time
 * (src/background/unlock.ts), so a page firing many guesses at once gets no more checks than one typing them.
 */
export const unlockGuardSchema = z.object({
  failures: z.int().min(0),
  /** Epoch ms before which no code is checked at all. */
  lockedUntil: z.number().min(0),
  /** The last time step whose code unlocked this device: that code and older ones are refused (RFC 6238 §5.2). */
  lastCodeStep: z.int().min(0),
});
export type UnlockGuard = z.infer<typeof unlockGuardSchema>;

export const FRESH_UNLOCK_GUARD: UnlockGuard = { failures: 0, lockedUntil: 0, lastCodeStep: 0 };
/** Wrong codes allowed before the first lock-out. */
export const FREE_UNLOCK_ATTEMPTS = 3;
export const FIRST_LOCKOUT_MS = 30_000;
export const MAX_LOCKOUT_MS = 15 * 60_000;

/** After a wrong code: the 3rd failure locks for 30 s, each later one doubles the wait, up to 15 minutes. */
export function afterWrongCode(guard: UnlockGuard, now: number): UnlockGuard {
  const failures = guard.failures + 1;
  if (failures < FREE_UNLOCK_ATTEMPTS) return { ...guard, failures, lockedUntil: 0 };
  const lockout = Math.min(MAX_LOCKOUT_MS, FIRST_LOCKOUT_MS * 2 ** Math.min(30, failures - FREE_UNLOCK_ATTEMPTS));
  return { ...guard, failures, lockedUntil: now + lockout };
}

/** After an unlock: the count starts again; a code's step is remembered so it cannot be used twice. */
export function afterUnlock(guard: UnlockGuard, codeStep: number | null): UnlockGuard {
  return { failures: 0, lockedUntil: 0, lastCodeStep: codeStep === null ? guard.lastCodeStep : Math.max(guard.lastCodeStep, codeStep) };
}

/** Milliseconds until a code may be tried, 0 when it may be tried now. */
export function unlockRetryAfter(guard: UnlockGuard, now: number): number {
  return Math.max(0, guard.lockedUntil - now);
}

/** A stored guard that does not parse (tampered, or an older shape) counts as fresh only in its step, never as unlocked. */
export function parseUnlockGuard(value: unknown): UnlockGuard {
  const parsed = unlockGuardSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const old = z.object({ failures: z.int().min(0), lockedUntil: z.number().min(0) }).safeParse(value);
  return old.success ? { ...old.data, lastCodeStep: 0 } : FRESH_UNLOCK_GUARD;
}
