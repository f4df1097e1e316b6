import { browser } from 'wxt/browser';
import { loadMessages, pupilLocale } from '@/src/adapters/page-locale';
import { speak } from '@/src/adapters/speech';
import { RTL_LOCALES } from '@/src/core/i18n';
import { translator } from '@/src/ui/page-text';
import { renderPopup } from '@/src/ui/popup';

const locale = pupilLocale();
void loadMessages(locale).then((messages) => {
  if (!messages) return;
  const t = translator(messages);
  document.documentElement.lang = locale;
  document.documentElement.dir = RTL_LOCALES.includes(locale) ? 'rtl' : 'ltr';
  document.title = t('popupButton');
  renderPopup(document, {
    t,
    rtl: RTL_LOCALES.includes(locale),
    send: (request) => browser.runtime.sendMessage(request),
    speak: (text) => speak(text, locale),
  });
});
