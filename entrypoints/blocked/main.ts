import { browser } from 'wxt/browser';
import { browserMessages } from '@/src/adapters/browser-messages';
import { speak } from '@/src/adapters/speech';
import { isLocale, parseLocaleFile, pickLocale, type Locale, type Messages } from '@/src/core/i18n';
import { startBlockedPage } from '@/src/ui/blocked-page';

const LOCALE_KEY = 'safeguard.locale';
const chromeLocale = pickLocale([browser.i18n.getUILanguage()]);
const chromeMessages = browserMessages();

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
  hash: location.hash,
  now: () => Date.now(),
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
  speak,
});
