import { browser } from 'wxt/browser';
import { isLocale, parseLocaleFile, type Locale, type Messages } from '@/src/core/i18n';
import { startBlockedPage } from '@/src/ui/blocked-page';

const LOCALE_KEY = 'safeguard.locale';
let english: Messages | null = null;

/** The chosen language's messages.json, read from the extension itself (chrome.i18n follows the browser only). */
async function loadMessages(locale: Locale): Promise<Messages | null> {
  try {
    const response = await fetch(browser.runtime.getURL(`/_locales/${locale}/messages.json` as '/blocked.html'));
    const parsed = parseLocaleFile(await response.json(), english);
    if (locale === 'en') english = parsed;
    return parsed;
  } catch {
    return english;
  }
}

void loadMessages('en').then(() =>
  startBlockedPage(document, {
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
        // Private storage can be unavailable; the switch still works for this page.
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
  }),
);
