import { browser } from 'wxt/browser';
import { MESSAGE_KEYS, type Messages } from '@/src/core/i18n';

const getMessage = browser.i18n.getMessage as (key: string, substitutions?: string[]) => string;
// getMessage fills $1…$9 with what it is given (empty if nothing): giving the tokens back keeps the templates.
const TOKENS = ['$1', '$2', '$3', '$4', '$5', '$6', '$7', '$8', '$9'];

/** Chrome's own _locales lookup in the browser's language: synchronous, so a first paint needs no fetch. */
export function browserMessages(): Messages {
  return Object.fromEntries(MESSAGE_KEYS.map((key) => [key, getMessage(key, TOKENS)])) as Messages;
}
