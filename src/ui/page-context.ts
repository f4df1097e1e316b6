import type { Locale, Messages } from '@/src/core/i18n';
import type { BlockedView, PageRequest } from '@/src/core/page-messages';
import type { Translate } from './page-text';

/** What the blocked page needs from the browser; the entrypoint passes the real thing. */
export interface BlockedPageEnv {
  send(request: PageRequest): Promise<unknown>;
  loadMessages(locale: Locale): Promise<Messages | null>;
  /** The browser's languages, most preferred first. */
  languages: readonly string[];
  /** True when the page is inside a frame: it then shows only its message and asks nothing. */
  framed: boolean;
  /** The fragment the page was opened with: display only (a dark start after a report), never trusted. */
  hash: string;
  savedLocale(): string | null;
  saveLocale(locale: Locale): void;
  speak(text: string, locale: Locale): void;
  now(): number;
}

export interface PageState {
  locale: Locale;
  t: Translate;
  view: BlockedView | null;
  panel: 'none' | 'unlock';
  error: string | null;
  /** Page clock (env.now) until which the code keypad is locked after wrong codes. */
  lockedUntil: number;
}

/** One blocked page: its document, browser, state, and the two things every part may do. */
export interface PageContext {
  doc: Document;
  env: BlockedPageEnv;
  state: PageState;
  /** Redraws the page from the state, keeping focus on the element that had it. */
  render(): void;
  /** Sends an action; a refusal shows a message and never changes what the page allows. */
  act(request: PageRequest, afterError?: () => void): Promise<void>;
}
