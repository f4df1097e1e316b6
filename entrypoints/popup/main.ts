import { browser } from 'wxt/browser';
import { RTL_LOCALES, pickLocale, type MessageKey } from '@/src/core/i18n';
import { renderPopup } from '@/src/ui/popup';

const getMessage = browser.i18n.getMessage as (key: string) => string;
const locale = pickLocale([browser.i18n.getUILanguage()]);
document.documentElement.lang = locale;
document.documentElement.dir = RTL_LOCALES.includes(locale) ? 'rtl' : 'ltr';
document.title = getMessage('popupButton');
renderPopup(
  document,
  (key: MessageKey) => getMessage(key),
  (request) => browser.runtime.sendMessage(request),
  () => window.close(),
);
