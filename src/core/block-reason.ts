import { ALERT_CATEGORIES, type AlertCategory } from './alert-categories';
import { isCategory, type Category } from './categories';

/**
 * Why a navigation was blocked, as carried in the blocked page's URL fragment. The fragment is
 * written by DNR rules, but the page is web-accessible, so a web page can forge it: parse strictly
 * and never trust it for anything but display.
 */
export type BlockReason =
  | { kind: 'category'; category: Category }
  | { kind: 'school' }
  | { kind: 'approved-only' }
  | { kind: 'reported' }
  /** On-device monitoring found harmful content or a risky search (issue 14); never written by a rule. */
  | { kind: 'alert'; category: AlertCategory };

export interface BlockedPageParams {
  reason: BlockReason;
  /** The original URL, as DNR substituted it; may be missing or forged. */
  url: string | null;
}

/** The fragment prefix a redirect rule writes; the original URL (`\0`) follows `url=`. */
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
  let reason: BlockReason;
  if (kind === 'category') {
    const category = fields.get('category');
    if (!isCategory(category)) return null;
    reason = { kind, category };
  } else if (kind === 'alert') {
    const category = fields.get('category');
    if (!(ALERT_CATEGORIES as readonly (string | undefined)[]).includes(category)) return null;
    reason = { kind, category: category as AlertCategory };
  } else if (kind === 'school' || kind === 'approved-only' || kind === 'reported') {
    reason = { kind };
  } else {
    return null;
  }
  return { reason, url: url === null || url === '' ? null : url };
}
