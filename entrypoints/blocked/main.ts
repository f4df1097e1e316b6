import { browser } from 'wxt/browser';
import { loadMessages, preferredLanguages, savedLocale, saveLocale } from '@/src/adapters/page-locale';
import { speak } from '@/src/adapters/speech';
import { startBlockedPage } from '@/src/ui/blocked-page';

void startBlockedPage(document, {
  send: (request) => browser.runtime.sendMessage(request),
  loadMessages,
  languages: preferredLanguages(),
  framed: window.top !== window,
  hash: location.hash,
  now: () => Date.now(),
  savedLocale,
  saveLocale,
  speak,
});
