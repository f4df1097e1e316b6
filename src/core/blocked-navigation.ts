import { blockedHashPrefix, parseBlockedHash, type BlockReason } from './block-reason';
import { hostOfUrl } from './domain';
import type { DnrRule } from './rules/dnr-types';
import { blockReasonFor, winningRule } from './rules/match';

/**
 * Deciding whether a tab that landed on the blocked page was sent there by one of the extension's
 * own redirect rules (issue 3), from what webNavigation reports, without observing requests.
 *
 * What Chromium reports (checked in Debian's Chromium, headless):
 * - a rule redirect of a typed, link or script navigation to a blocked host: onBeforeNavigate with
 *   the blocked URL, then onCommitted with the blocked page and the `server_redirect` qualifier;
 * - an allowed page that server-redirects to a blocked host: onBeforeNavigate with the allowed URL,
 *   onCommitted with the blocked page, `server_redirect`;
 * - a server redirect straight to the blocked page (a forgery): exactly the same two events;
 * - a script (or a reload) navigating to the blocked page: no onBeforeNavigate, and onCommitted
 *   without `server_redirect`.
 * So a blocked page whose navigation started at the very URL its fragment names, and which the
 * installed rules send to this exact page, is genuine. When the navigation started elsewhere it is
 * either a redirect chain or a forgery, and only Chrome's own record of a matched rule
 * (declarativeNetRequest.getMatchedRules) tells them apart.
 */

/** Where a tab's latest top-frame navigation started (webNavigation.onBeforeNavigate). */
export interface NavigationStart {
  url: string;
  /** Epoch ms. */
  timeStamp: number;
}

/** The blocked page committing in a tab's top frame (webNavigation.onCommitted). */
export interface BlockedPageCommit {
  url: string;
  transitionQualifiers: readonly string[];
  /** Epoch ms. */
  timeStamp: number;
}

/** A rule Chrome says it matched for the tab (declarativeNetRequest.getMatchedRules). */
export interface MatchedRule {
  ruleId: number;
  rulesetId: string;
  timeStamp: number;
}

/** Chrome's names for the rulesets the re-check knows. */
export const DYNAMIC_RULESET_ID = '_dynamic';
export const SESSION_RULESET_ID = '_session';

/** How far back Chrome's matched-rule record is searched when the navigation's start was not seen. */
export const UNSEEN_START_WINDOW_MS = 60_000;

export interface BlockedFor {
  originalUrl: string;
  host: string;
  reason: BlockReason;
}

export type BlockedNavigation =
  | ({ verdict: 'genuine' } & BlockedFor)
  /** Genuine only if Chrome matched `rule` for this tab at or after `since`. */
  | ({ verdict: 'confirm'; rule: { ruleId: number; rulesetId: string }; since: number } & BlockedFor)
  | { verdict: 'forged' };

const FORGED: BlockedNavigation = { verdict: 'forged' };

const withoutFragment = (url: string) => {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
};

/**
 * Judges a blocked page that committed in a tab's top frame. `start` is where the tab's latest
 * navigation began, if seen; `dynamic` and `session` are the installed rules.
 */
export function judgeBlockedNavigation(
  commit: BlockedPageCommit,
  start: NavigationStart | null,
  rules: { dynamic: readonly DnrRule[]; session: readonly DnrRule[] },
  blockPageUrl: string,
): BlockedNavigation {
  if (!commit.url.startsWith(`${blockPageUrl}#`)) return FORGED;
  // A rule redirect always shows as a server redirect; a script or a reload never does.
  if (!commit.transitionQualifiers.includes('server_redirect')) return FORGED;
  const hash = parseBlockedHash(commit.url.slice(blockPageUrl.length));
  const originalUrl = hash?.url ?? null;
  const host = originalUrl === null ? null : hostOfUrl(originalUrl);
  if (!hash || originalUrl === null || host === null) return FORGED;
  // Only the installed rules' own verdict counts, and the page must be exactly the one they write.
  const all = [...rules.dynamic, ...rules.session];
  const rule = winningRule(all, originalUrl, 'main_frame');
  const reason = rule ? blockReasonFor([rule], originalUrl, blockPageUrl) : null;
  if (!rule || !reason || JSON.stringify(reason) !== JSON.stringify(hash.reason)) return FORGED;
  if (`${blockPageUrl}${blockedHashPrefix(reason)}${originalUrl}` !== commit.url) return FORGED;
  const blocked = { originalUrl, host, reason };
  // The request a rule redirects carries no fragment; the navigation's start may.
  if (start !== null && withoutFragment(start.url) === originalUrl) return { verdict: 'genuine', ...blocked };
  const rulesetId = rules.session.includes(rule) ? SESSION_RULESET_ID : DYNAMIC_RULESET_ID;
  const since = start?.timeStamp ?? commit.timeStamp - UNSEEN_START_WINDOW_MS;
  return { verdict: 'confirm', rule: { ruleId: rule.id, rulesetId }, since, ...blocked };
}

/** Whether Chrome's record shows the rule that explains the blocked page matched in this navigation. */
export function confirmedByMatchedRules(
  matched: readonly MatchedRule[],
  rule: { ruleId: number; rulesetId: string },
  since: number,
): boolean {
  return matched.some((m) => m.ruleId === rule.ruleId && m.rulesetId === rule.rulesetId && m.timeStamp >= since);
}
