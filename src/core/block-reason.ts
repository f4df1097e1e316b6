import { ALERT_CATEGORIES, type AlertCategory } from './alert-categories';
import { isCategory, type Category } from './categories';

/**
 * Why a tab shows the blocked page, as carried in the blocked page's URL fragment:
 *   blocked.html?k=<device key>#reason=<kind>[&category=<category>]&url=<the original URL>
 * The fragment is display-only: the page is web-accessible, so any web page can forge it. Parse strictly
 * and trust nothing in it; the background tells the page what it may show (src/background/blocked-page-check.ts).
 *
 * Reasons:
 * - `category`, `school`, `approved-only`: written by the filter's redirect rules. The background trusts
 *   such a page only after re-checking that an installed rule sent that navigation there.
 * - `reported`: a pupil's report. The background itself sends the tab there (and its session rule sends
 *   later visits to the reported page there).
 * - `alert` with an alert category (`reason=alert&category=self-harm`): monitoring found something a pupil
 *   must be helped with (src/core/alert-categories.ts). Contract for the monitor: no rule writes this
 *   reason and a page that merely carries it in its fragment shows only the neutral message. Call
 *   `PupilSafety.showAlertPage(tabId, category)` from the background: it records the tab as genuinely
 *   blocked (its page URL, the reason and the original URL) and then navigates it, so the page gets the
 *   harmful kind with that category's words of support and help lines (for self-harm: support and
 *   Childline/Meic first). The alert event itself is the monitor's to record.
 */
export type BlockReason =
  | { kind: 'category'; category: Category }
  | { kind: 'school' }
  | { kind: 'approved-only' }
  | { kind: 'reported' }
  | { kind: 'alert'; category: AlertCategory };

export interface BlockedPageParams {
  reason: BlockReason;
  /** The original URL, as DNR substituted it; may be missing or forged. */
  url: string | null;
}

export function isAlertCategory(value: unknown): value is AlertCategory {
  return typeof value === 'string' && (ALERT_CATEGORIES as readonly string[]).includes(value);
}

/** The fragment prefix a redirect rule (or the background) writes; the original URL (`\0`) follows `url=`. */
export function blockedHashPrefix(reason: BlockReason): string {
  const head =
    reason.kind === 'category' || reason.kind === 'alert' ? `reason=${reason.kind}&category=${reason.category}` : `reason=${reason.kind}`;
  return `#${head}&url=`;
}

/** Parses `location.hash`. Unknown or malformed input gives null: the page then shows only its message. */
export function parseBlockedHash(hash: string): BlockedPageParams | null {
  if (!hash.startsWith('#')) return null;
  const body = hash.slice(1);
  const urlAt = body.indexOf('&url=');
  const head = urlAt === -1 ? body : body.slice(0, urlAt);
  const url = urlAt === -1 ? null : body.slice(urlAt + '&url='.length);
  const fields = new Map<string, string>();
  for (const pair of head.split('&')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) return null;
    fields.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  const kind = fields.get('reason');
  const category = fields.get('category');
  let reason: BlockReason;
  if (kind === 'category') {
    if (!isCategory(category)) return null;
    reason = { kind, category };
  } else if (kind === 'alert') {
    if (!isAlertCategory(category)) return null;
    reason = { kind, category };
  } else if (kind === 'school' || kind === 'approved-only' || kind === 'reported') {
    reason = { kind };
  } else {
    return null;
  }
  return { reason, url: url === null || url === '' ? null : url };
}
