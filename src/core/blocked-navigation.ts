import { blockedHashPrefix, parseBlockedHash, type BlockReason } from './block-reason';
import { hostOfUrl } from './domain';
import type { DnrRule } from './rules/dnr-types';
import { blockReasonFor, winningRules } from './rules/match';

/**
 * Deciding whether a tab that landed on the blocked page was sent there by one of the extension's
 * own redirect rules (issue 3), without observing requests or every navigation.
 *
 * `blocked.html` must be web-accessible (rules redirect to it), so any page or server can send a
 * tab there with any fragment. The rules therefore redirect to `blocked.html?k=<key>#…`, where the
 * key is a random secret made once per device (see blockPageUrlFor). No web page can read an
 * extension page's URL, and the key is in the query, which the blocked page never sends anywhere
 * (it has no referrer), so only the rules can write it. What Chromium reports (checked in Debian's
 * Chromium, headless) on webNavigation.onCommitted for the blocked page:
 * - a rule redirect, also at the end of a redirect chain: the `server_redirect` qualifier;
 * - a server redirect straight to the blocked page (a forgery): the same qualifier, but no key;
 * - a script or a reload: no `server_redirect`.
 * So a blocked page is genuine when it committed by redirect, carries the key, and the installed
 * rules send its URL to exactly this page for exactly this reason.
 *
 * Lists baked in at build (static rulesets) cannot carry a per-device key, so they redirect to the
 * page without it. Such a page is judged the same way against the installed rules plus the baked
 * rules that hold its host (found in the host index shipped with each ruleset). A forger can then
 * only name a host the enabled lists really block, with the reason they give: no more than a page
 * already can by sending the tab to that host, which is blocked and recorded for real.
 */

/** The blocked page committing in a tab's top frame (webNavigation.onCommitted). */
export interface BlockedPageCommit {
  url: string;
  transitionQualifiers: readonly string[];
}

export interface BlockedFor {
  originalUrl: string;
  host: string;
  reason: BlockReason;
}

export type BlockedNavigation = ({ verdict: 'genuine' } & BlockedFor) | { verdict: 'forged' };

const FORGED: BlockedNavigation = { verdict: 'forged' };

/** A device key: 32 lower-case hex digits. */
export const BLOCK_PAGE_KEY_PATTERN = /^[0-9a-f]{32}$/;

/** The blocked page as this device's rules write it: `blocked.html?k=<key>`; fragments follow. */
export function blockPageUrlFor(blockedHtmlUrl: string, key: string): string {
  if (!BLOCK_PAGE_KEY_PATTERN.test(key)) throw new Error('The blocked-page key must be 32 lower-case hex digits.');
  return `${blockedHtmlUrl}?k=${key}`;
}

/** The blocked page as baked static rules write it: without the key. */
export function unkeyedBlockPageUrl(blockPageUrl: string): string {
  const query = blockPageUrl.indexOf('?');
  return query === -1 ? blockPageUrl : blockPageUrl.slice(0, query);
}

/**
 * Judges a blocked page that committed in a tab's top frame. `blockPageUrl` is the page the rules
 * write: this device's (with its key), or for baked lists the key-less one; `dynamic`, `session`
 * and `baked` are the installed rules that can match the page's URL.
 */
export function judgeBlockedNavigation(
  commit: BlockedPageCommit,
  rules: { dynamic: readonly DnrRule[]; session: readonly DnrRule[]; baked?: readonly DnrRule[] },
  blockPageUrl: string,
): BlockedNavigation {
  if (!commit.url.startsWith(`${blockPageUrl}#`)) return FORGED;
  // A rule redirect always shows as a server redirect; a script or a reload never does.
  if (!commit.transitionQualifiers.includes('server_redirect')) return FORGED;
  const hash = parseBlockedHash(commit.url.slice(blockPageUrl.length));
  const originalUrl = hash?.url ?? null;
  const host = originalUrl === null ? null : hostOfUrl(originalUrl);
  if (!hash || originalUrl === null || host === null) return FORGED;
  // Only the installed rules' own verdict counts, and the page's whole URL, reason included, must be
  // exactly the one a winning rule writes. A baked rule and a live one can tie (a built-in site that a
  // baked list also holds); either page is then genuine.
  const winners = winningRules([...rules.dynamic, ...rules.session, ...(rules.baked ?? [])], originalUrl, 'main_frame');
  for (const rule of winners) {
    const reason = blockReasonFor([rule], originalUrl, blockPageUrl);
    if (reason && `${blockPageUrl}${blockedHashPrefix(reason)}${originalUrl}` === commit.url)
      return { verdict: 'genuine', originalUrl, host, reason };
  }
  return FORGED;
}
