import { browser } from 'wxt/browser';
import { browserMessages } from '@/src/adapters/browser-messages';
import { speak } from '@/src/adapters/speech';
import { RTL_LOCALES, pickLocale } from '@/src/core/i18n';
import { translator } from '@/src/ui/page-text';
import { renderPopup } from '@/src/ui/popup';

const locale = pickLocale([browser.i18n.getUILanguage()]);
const t = translator(browserMessages());
document.documentElement.lang = locale;
document.documentElement.dir = RTL_LOCALES.includes(locale) ? 'rtl' : 'ltr';
document.title = t('popupButton');
renderPopup(document, {
  t,
  rtl: RTL_LOCALES.includes(locale),
  send: (request) => browser.runtime.sendMessage(request),
  speak: (text) => speak(text, locale),
});
