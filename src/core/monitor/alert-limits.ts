import type { AlertCategory } from '../alert-categories';

/**
 * How often alerts may be raised. A web page cannot send the background anything, but it can put
 * alarming words on itself, again and again, and a pupil reloads a results page: so the same thing
 * is recorded once in a while, not once per change, and no site can flood the DSL's inbox or keep a
 * tab bouncing to the harmful-content page. Pure: the background keeps the ledger in storage.session.
 */

export const LIMIT_WINDOW_MS = 10 * 60_000;
/** The same search entry on the same engine (a reload, the next page of results). */
export const SEARCH_REPEAT_MS = 2 * 60_000;
/** The same page category on the same site. */
export const CONTENT_REPEAT_MS = 10 * 60_000;
/** A search alert already covers the results page it leads to. */
export const AFTER_SEARCH_MS = 2 * 60_000;
/** The harmful-content page is not shown again in the same tab for the same site and category this soon. */
export const PAGE_REPEAT_MS = 30_000;
export const MAX_EVENTS_PER_HOST = 5;
export const MAX_EVENTS_PER_WINDOW = 30;
const MAX_LEDGER = 500;

export interface LedgerEntry {
  key: string;
  at: number;
}
export type AlertLedger = LedgerEntry[];

export interface AlertAttempt {
  channel: 'search' | 'content';
  tabId: number;
  host: string;
  category: AlertCategory;
  entryId: string;
  /** The verdict is severe enough to record / to show the page (the school's thresholds). */
  record: boolean;
  showPage: boolean;
}

export interface AlertDecision {
  recordEvent: boolean;
  showPage: boolean;
  ledger: AlertLedger;
}

/** Decides what of an alert goes ahead, and returns the ledger with it written in. */
export function admitAlert(ledger: AlertLedger, attempt: AlertAttempt, now: number): AlertDecision {
  const recent = ledger.filter((e) => now - e.at < LIMIT_WINDOW_MS);
  const seen = (key: string, within: number) => recent.some((e) => e.key === key && now - e.at < within);
  const count = (prefix: string) => recent.filter((e) => e.key.startsWith(prefix)).length;
  const { channel, tabId, host, category, entryId } = attempt;

  if (channel === 'content' && seen(`after-search|${tabId}|${category}`, AFTER_SEARCH_MS))
    return { recordEvent: false, showPage: false, ledger: recent };
  const repeatKey = channel === 'search' ? `search|${host}|${entryId}` : `content|${host}|${category}`;
  const repeated = seen(repeatKey, channel === 'search' ? SEARCH_REPEAT_MS : CONTENT_REPEAT_MS);
  const flooded = count(`event|${host}|`) >= MAX_EVENTS_PER_HOST || count('event|') >= MAX_EVENTS_PER_WINDOW;
  const recordEvent = attempt.record && !repeated && !flooded;
  // Each search is the pupil's own act: its page is shown every time. Page text can change under them.
  const showPage = attempt.showPage && (channel === 'search' || !seen(`page|${tabId}|${host}|${category}`, PAGE_REPEAT_MS));

  const written: LedgerEntry[] = [];
  if (recordEvent) written.push({ key: repeatKey, at: now }, { key: `event|${host}|${category}`, at: now });
  if (showPage) written.push({ key: `page|${tabId}|${host}|${category}`, at: now });
  if (channel === 'search' && attempt.record) written.push({ key: `after-search|${tabId}|${category}`, at: now });
  return { recordEvent, showPage, ledger: [...recent, ...written].slice(-MAX_LEDGER) };
}
