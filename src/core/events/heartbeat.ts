import type { FilterStatus } from '../status';
import type { EventInput } from './anonymise';

/** Stands for "no admin policy in force" (the built-in strictest profile) where a fingerprint would go. */
export const NO_POLICY_FINGERPRINT = '00000000';

/** What a heartbeat reports, as the background knows it. */
export interface HeartbeatFacts {
  /** The extension's version (manifest). */
  version: string;
  /** The filter status the last policy refresh wrote; null before the first. */
  status: FilterStatus | null;
  /** The admin policy in force (the last good one for `admin` and `last-good`), or null with none. */
  policy: unknown;
}

/** JSON with every object's keys sorted and no spaces, so one policy always gives one text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The policy fingerprint: SHA-256 (hex) of the admin policy's canonical JSON. IT can compute it from the
 * policy they pushed (scripts/policy-fingerprint.ts) and see which devices run it. A heartbeat carries the
 * first 8 hex digits, which say nothing about the secrets in the policy.
 */
export async function policyFingerprint(policy: unknown): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonicalJson(policy)));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The heartbeat event (docs/wire-format-v2.md): version, policy fingerprint prefix, rule count, in force, source. */
export async function heartbeatInput(facts: HeartbeatFacts): Promise<EventInput> {
  const source = facts.status?.source ?? 'default';
  const hasPolicy = source !== 'default' && facts.policy !== null && facts.policy !== undefined;
  return {
    type: 'heartbeat',
    detail: {
      version: facts.version,
      policy: hasPolicy ? (await policyFingerprint(facts.policy)).slice(0, 8) : NO_POLICY_FINGERPRINT,
      rules: facts.status?.ruleCount ?? 0,
      // A valid policy's rules are installed: not the strictest fallback, and the browser took them.
      inForce: facts.status !== null && source !== 'default' && facts.status.installError === null,
      source,
    },
  };
}
