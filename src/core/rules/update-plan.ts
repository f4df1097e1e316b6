import type { ChunkRule } from './compiler';
import type { DnrRule } from './dnr-types';
import { hashInto } from '../hash';

/** Rule ID → fingerprint of the rule as last installed. */
export type AppliedFingerprints = Record<number, string>;

export interface RuleUpdatePlan {
  removeRuleIds: number[];
  addRules: DnrRule[];
  /** List-chunk rules to send; their hosts are loaded only now, by the installer. */
  addChunkRules: ChunkRule[];
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
  nextChunkRules: readonly ChunkRule[] = [],
): RuleUpdatePlan {
  const fingerprints: AppliedFingerprints = {};
  const addRules: DnrRule[] = [];
  const addChunkRules: ChunkRule[] = [];
  const installed = new Set(installedIds);
  const removeRuleIds = new Set<number>(previous === null ? installedIds : []);
  const consider = (id: number, print: string): boolean => {
    fingerprints[id] = print;
    if (previous !== null && previous[id] === print) return false;
    if (previous !== null && previous[id] !== undefined) removeRuleIds.add(id);
    if (previous === null && installed.has(id)) removeRuleIds.add(id);
    return true;
  };
  for (const rule of next) if (consider(rule.id, fingerprintRule(rule))) addRules.push(rule);
  // A chunk rule is known by its template and the chunk's content hash: its (up to 100 000)
  // hosts are neither read nor hashed again while the list is unchanged.
  for (const item of nextChunkRules) {
    if (consider(item.rule.id, `${fingerprintRule(item.rule)}#${item.chunk.hash}`)) addChunkRules.push(item);
  }
  if (previous !== null) {
    for (const id of Object.keys(previous).map(Number)) if (fingerprints[id] === undefined) removeRuleIds.add(id);
  }
  return { removeRuleIds: [...removeRuleIds].sort((a, b) => a - b), addRules, addChunkRules, fingerprints };
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
