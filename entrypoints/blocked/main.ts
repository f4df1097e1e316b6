import { browser } from 'wxt/browser';
import { isLocale, MESSAGE_KEYS, parseLocaleFile, pickLocale, type Locale, type Messages } from '@/src/core/i18n';
import { startBlockedPage } from '@/src/ui/blocked-page';

const LOCALE_KEY = 'safeguard.locale';
const getMessage = browser.i18n.getMessage as (key: string, substitutions?: string[]) => string;

/** Chrome's own _locales lookup (the browser's language): synchronous, so the first paint needs no fetch. */
const chromeLocale = pickLocale([browser.i18n.getUILanguage()]);
// getMessage fills $1…$9 with what it is given (empty if nothing): giving the tokens back keeps the templates.
const TOKENS = ['$1', '$2', '$3', '$4', '$5', '$6', '$7', '$8', '$9'];
const chromeMessages = Object.fromEntries(MESSAGE_KEYS.map((key) => [key, getMessage(key, TOKENS)])) as Messages;

/** Another language's messages.json, read from the extension itself (chrome.i18n follows the browser only). */
async function loadMessages(locale: Locale): Promise<Messages | null> {
  if (locale === chromeLocale) return chromeMessages;
  try {
    const response = await fetch(browser.runtime.getURL(`/_locales/${locale}/messages.json` as '/blocked.html'));
    return parseLocaleFile(await response.json(), chromeMessages);
  } catch {
    return chromeMessages;
  }
}

void startBlockedPage(document, {
  send: (request) => browser.runtime.sendMessage(request),
  loadMessages,
  // The pupil's preferred languages (Chrome settings), then the browser's own UI language.
  languages: [...navigator.languages, browser.i18n.getUILanguage()],
  framed: window.top !== window,
  savedLocale: () => {
    try {
      const saved = localStorage.getItem(LOCALE_KEY);
      return isLocale(saved) ? saved : null;
    } catch {
      return null;
    }
  },
  saveLocale: (locale) => {
    try {
      localStorage.setItem(LOCALE_KEY, locale);
    } catch {
      // Storage can be unavailable; the switch still works for this page.
    }
  },
  speak: (text, locale) => {
    if (!('speechSynthesis' in window)) return;
    speechSynthesis.cancel();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = locale;
    utterance.rate = 0.9;
    speechSynthesis.speak(utterance);
  },
});
