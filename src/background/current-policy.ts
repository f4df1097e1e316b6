import type { StateStore } from '@/src/adapters/state-store';
import { STRICTEST_KEY_STAGE } from '@/src/core/key-stages';
import { defaultPolicy, resolvePolicy, type EffectivePolicy } from '@/src/core/policy/resolve';

/**
 * The policy the engine enforces: the last admin policy that validated (the engine stores it on
 * every valid read and keeps enforcing it when a later one is empty or invalid), else the default.
 */
export async function currentEffectivePolicy(state: StateStore): Promise<EffectivePolicy> {
  const lastGood = await state.get('lastGoodPolicy');
  const resolved = lastGood ? resolvePolicy(lastGood.raw) : null;
  return resolved?.kind === 'valid' ? resolved.policy : defaultPolicy(STRICTEST_KEY_STAGE);
}
