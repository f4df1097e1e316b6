import { FRAME_TYPES, SUBRESOURCE_TYPES, type DnrRule } from './dnr-types';
import { PRIORITY, RESTART_COPY_ID_OFFSET, RESTART_COPY_PRIORITY, RULE_ID, SESSION_RULE_ID_BASE } from './rule-ids';

/**
 * Where each compiled rule is installed.
 *
 * Chrome re-indexes the whole dynamic ruleset on every updateDynamicRules call, even a one-rule
 * change: 19.5 s with 5 M list domains installed, measured here. Session rules are indexed on their own and
 * update in about a millisecond, but vanish when the browser restarts. So:
 * - the **session tier** holds the small rules a policy change touches (school lists, safe search,
 *   built-in categories, the approved-sites catch-all), plus one silencer rule;
 * - the **dynamic tier** holds rules too big for the session (list chunks, list-scale categories);
 *   they change only when a list or the set of categories using it changes;
 * - the **restart copy** is the session tier copied into dynamic rules at priorities below the
 *   silencer. While the session tier is in place the silencer (an allow at a priority above every
 *   copied rule and below every live one) keeps the copy inert, so a stale copy never decides
 *   anything; after a browser restart, until the worker has put the session tier back, the copy
 *   enforces the last policy. The copy is rewritten in the background, so a switch waits only for
 *   the session update.
 */

/** A rule with more request domains than this goes to the dynamic tier. */
export const SESSION_TIER_MAX_DOMAINS = 10_000;

export interface RuleTiers {
  session: DnrRule[];
  restartCopy: DnrRule[];
  dynamic: DnrRule[];
}

const ALL_RESOURCE_TYPES = [...FRAME_TYPES, ...SUBRESOURCE_TYPES];

/** Allows everything above the restart copy; live rules all have higher priorities. */
export const RESTART_COPY_SILENCER: DnrRule = {
  id: RULE_ID.RESTART_COPY_SILENCER,
  priority: PRIORITY.RESTART_COPY_SILENCER,
  action: { type: 'allow' },
  // resourceTypes must be given: without them a rule never matches main_frame.
  condition: { resourceTypes: ALL_RESOURCE_TYPES },
};

function domainCount(rule: DnrRule): number {
  return (rule.condition.requestDomains?.length ?? 0) + (rule.condition.excludedRequestDomains?.length ?? 0);
}

/** Whether a compiled rule belongs in the session tier (and so also in the restart copy). */
export function isSessionTierRule(rule: DnrRule): boolean {
  return (
    domainCount(rule) <= SESSION_TIER_MAX_DOMAINS && RESTART_COPY_PRIORITY[rule.priority] !== undefined && rule.id < SESSION_RULE_ID_BASE
  );
}

/** Splits compiled rules into tiers. Pure; the result's rules share no arrays the caller may mutate. */
export function splitRuleTiers(rules: readonly DnrRule[]): RuleTiers {
  const session: DnrRule[] = [];
  const restartCopy: DnrRule[] = [];
  const dynamic: DnrRule[] = [];
  for (const rule of rules) {
    // A priority with no place in the copy's order stays out of the session tier altogether.
    const copyPriority = RESTART_COPY_PRIORITY[rule.priority];
    if (copyPriority === undefined || !isSessionTierRule(rule)) {
      dynamic.push(rule);
      continue;
    }
    session.push(rule);
    restartCopy.push({ ...rule, id: rule.id + RESTART_COPY_ID_OFFSET, priority: copyPriority });
  }
  session.push(RESTART_COPY_SILENCER);
  return { session, restartCopy, dynamic };
}

/** IDs of the session rules the policy engine owns (reports and lesson unlocks have their own). */
export const isPolicySessionRuleId = (id: number): boolean => id < SESSION_RULE_ID_BASE;
export const isRestartCopyRuleId = (id: number): boolean => id >= RESTART_COPY_ID_OFFSET;
