import type { DnrRule } from './dnr-types';

/** Rule ID → fingerprint of the rule as last installed. */
export type AppliedFingerprints = Record<number, string>;

export interface RuleUpdatePlan {
  removeRuleIds: number[];
  addRules: DnrRule[];
  fingerprints: AppliedFingerprints;
}

/**
 * Plans one atomic updateDynamicRules call: rules whose fingerprint is unchanged stay installed,
 * so switching key stage or editing a school list does not re-send million-domain category rules.
 * With `previous` null (state lost) every installed ID in `installedIds` is replaced.
 */
export function planRuleUpdate(
  previous: AppliedFingerprints | null,
  installedIds: readonly number[],
  next: readonly DnrRule[],
): RuleUpdatePlan {
  const fingerprints: AppliedFingerprints = {};
  const addRules: DnrRule[] = [];
  const removeRuleIds = new Set<number>(previous === null ? installedIds : []);
  for (const rule of next) {
    const print = fingerprintRule(rule);
    fingerprints[rule.id] = print;
    if (previous !== null && previous[rule.id] === print) continue;
    if (previous !== null && previous[rule.id] !== undefined) removeRuleIds.add(rule.id);
    if (previous === null && installedIds.includes(rule.id)) removeRuleIds.add(rule.id);
    addRules.push(rule);
  }
  if (previous !== null) {
    for (const id of Object.keys(previous).map(Number)) if (fingerprints[id] === undefined) removeRuleIds.add(id);
  }
  return { removeRuleIds: [...removeRuleIds].sort((a, b) => a - b), addRules, fingerprints };
}

/**
 * Two 32-bit hashes with different multipliers plus the domain count: collisions are not a
 * practical risk. Domain lists are hashed in place rather than through JSON.stringify, which would
 * build a multi-megabyte string for every 100 000-domain rule.
 */
export function fingerprintRule(rule: DnrRule): string {
  const { requestDomains, excludedRequestDomains, ...condition } = rule.condition;
  const state = { a: 0x811c9dc5 | 0, b: 0x5bd1e995 | 0 };
  hashInto(state, JSON.stringify({ ...rule, condition }));
  let count = 0;
  for (const list of [requestDomains, excludedRequestDomains]) {
    hashInto(state, list === undefined ? '\u0002' : '\u0001');
    for (const domain of list ?? []) {
      hashInto(state, domain);
      hashInto(state, '\u0000');
      count++;
    }
  }
  return `${(state.a >>> 0).toString(36)}.${(state.b >>> 0).toString(36)}.${count.toString(36)}`;
}

function hashInto(state: { a: number; b: number }, text: string): void {
  let { a, b } = state;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  state.a = a;
  state.b = b;
}
