import { browser } from 'wxt/browser';
import { isLocale, MESSAGE_KEYS, parseLocaleFile, pickLocale, type Locale, type Messages } from '@/src/core/i18n';

/**
 * The language of the extension's pupil pages (blocked page, popup). chrome.i18n follows only the browser's own
 * language, so the pupil's preferred languages and their choice on the blocked page's switch (kept in the
 * extension's localStorage, shared by its pages) are honoured by reading that language's messages.json here.
 */
const LOCALE_KEY = 'safeguard.locale';
const getMessage = browser.i18n.getMessage as (key: string, substitutions?: string[]) => string;
// getMessage fills $1…$9 with what it is given (empty if nothing): giving the tokens back keeps the templates.
const TOKENS = ['$1', '$2', '$3', '$4', '$5', '$6', '$7', '$8', '$9'];

const chromeLocale = pickLocale([browser.i18n.getUILanguage()]);
let chromeMessages: Messages | undefined;
/** Chrome's own lookup in the browser's language: synchronous, so a first paint needs no fetch. */
const browserMessages = () =>
  (chromeMessages ??= Object.fromEntries(MESSAGE_KEYS.map((key) => [key, getMessage(key, TOKENS)])) as Messages);

/** The pupil's preferred languages (Chrome settings), then the browser's own UI language. */
export const preferredLanguages = (): string[] => [...navigator.languages, browser.i18n.getUILanguage()];

/** A language's messages, read from the extension itself; the browser's language if that fails. */
export async function loadMessages(locale: Locale): Promise<Messages | null> {
  if (locale === chromeLocale) return browserMessages();
  try {
    const response = await fetch(browser.runtime.getURL(`/_locales/${locale}/messages.json` as '/blocked.html'));
    return parseLocaleFile(await response.json(), browserMessages());
  } catch {
    return browserMessages();
  }
}

export function savedLocale(): Locale | null {
  try {
    const saved = localStorage.getItem(LOCALE_KEY);
    return isLocale(saved) ? saved : null;
  } catch {
    return null;
  }
}

export function saveLocale(locale: Locale): void {
  try {
    localStorage.setItem(LOCALE_KEY, locale);
  } catch {
    // Storage can be unavailable; the switch still works for this page.
  }
}

/** The pupil's language: their choice on the switch, else their preferred languages. */
export const pupilLocale = (): Locale => savedLocale() ?? pickLocale(preferredLanguages());
