import type { StateStore } from '@/src/adapters/state-store';
import type { AuditEntry, PolicySource } from '@/src/core/audit';
import { STRICTEST_KEY_STAGE } from '@/src/core/key-stages';
import { defaultPolicy, resolvePolicy, type EffectivePolicy, type PolicyIssue } from '@/src/core/policy/resolve';

/**
 * Which policy to enforce, and why: the admin policy when it is valid, otherwise (refused, empty,
 * or not yet delivered by Chrome) the last good one, or with none the strictest profile.
 */

/** The policy whose rules are in force, and where it came from. */
export interface EnforcedPolicy {
  policy: EffectivePolicy;
  source: PolicySource;
}

/** What to enforce, and why. */
export interface Decision {
  policy: EffectivePolicy;
  source: PolicySource;
  sourceReason: string | null;
  issues: PolicyIssue[];
  kind: AuditEntry['kind'];
  /** What Chrome answered; undefined while its answer is pending. */
  raw: unknown;
  /** When Chrome answered, or null while it has not. */
  receivedAt: Date | null;
  /** While Chrome has not answered: when the read began. */
  pendingSince: Date | null;
}

/**
 * The policy in force as the last install left it, for a worker woken by an event (a blocked page,
 * a report, an alarm) before it has installed anything itself: the rules it installed are still in.
 */
export async function enforcedFromState(state: StateStore): Promise<EnforcedPolicy> {
  const status = await state.get('status');
  const lastGood = await state.get('lastGoodPolicy');
  if (status && status.source !== 'default' && lastGood) {
    const resolved = resolvePolicy(lastGood.raw);
    if (resolved.kind === 'valid') return { policy: resolved.policy, source: status.source };
  }
  return { policy: defaultPolicy(STRICTEST_KEY_STAGE), source: 'default' };
}

export const PENDING_WHY = 'Chrome has not delivered the admin policy yet: it holds policy back until the browser has finished starting.';

export async function decide(state: StateStore, raw: unknown, receivedAt: Date): Promise<Decision> {
  const resolution = resolvePolicy(raw);
  if (resolution.kind === 'valid') {
    return {
      policy: resolution.policy,
      source: 'admin',
      sourceReason: null,
      issues: resolution.issues,
      kind: 'policy-applied',
      raw,
      receivedAt,
      pendingSince: null,
    };
  }
  const issues = resolution.kind === 'invalid' ? resolution.issues : [];
  const why = resolution.kind === 'invalid' ? 'The admin policy has errors, so it was not used.' : 'No admin policy has been received.';
  const decision = await fallback(state, why, resolution.kind === 'invalid' ? 'policy-rejected' : 'policy-missing', issues, null);
  return { ...decision, raw, receivedAt };
}

/** The last good policy, or with none the strictest profile, for `why`. */
export async function fallback(
  state: StateStore,
  why: string,
  kind: AuditEntry['kind'],
  issues: PolicyIssue[],
  pendingSince: Date | null,
): Promise<Decision> {
  const lastGood = await state.get('lastGoodPolicy');
  const resolved = lastGood ? resolvePolicy(lastGood.raw) : null;
  const common = { issues, kind, raw: undefined, receivedAt: null, pendingSince };
  if (lastGood && resolved?.kind === 'valid') {
    return {
      ...common,
      policy: resolved.policy,
      source: 'last-good',
      sourceReason: `${why} Enforcing the last good policy from ${lastGood.at}.`,
    };
  }
  return {
    ...common,
    policy: defaultPolicy(STRICTEST_KEY_STAGE),
    source: 'default',
    sourceReason: `${why} Enforcing the strictest profile (${STRICTEST_KEY_STAGE}, approved sites only) until a valid policy arrives.`,
  };
}
