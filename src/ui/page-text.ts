import { formatMessage, joinWithOr, type MessageKey, type Messages } from '@/src/core/i18n';

/** The page's words: one of the six languages' messages, with `$1`… filled in. */
export type Translate = (key: MessageKey, ...substitutions: string[]) => string;

export function translator(messages: Messages): Translate {
  return (key, ...substitutions) => formatMessage(messages[key], substitutions);
}

/** How many adults a pupil is pointed to: more names than this is a list, not a person to go to. */
const MAX_NAMED_ADULTS = 3;

/** Unicode isolates: an English name or role keeps its own direction inside right-to-left text. */
const isolated = (text: string) => `\u2068${text}\u2069`;

/**
 * "Tell your class teacher, Miss Knight." with the roles and names from the policy; outside school hours
 * "…, or your parent or carer.". `rtl`: the page is in a right-to-left language.
 */
export function tellAdultsText(t: Translate, adults: readonly { role: string; name: string }[], atSchool: boolean, rtl = false): string {
  if (adults.length === 0) return t(atSchool ? 'tellAdultsDefault' : 'tellAdultsDefaultHome');
  const words = rtl ? isolated : (text: string) => text;
  const named = joinWithOr(
    adults.slice(0, MAX_NAMED_ADULTS).map((adult) => t('adultWithRole', words(adult.role), words(adult.name))),
    t('orWord'),
  );
  return t(atSchool ? 'tellAdultsNamed' : 'tellAdultsNamedHome', named);
}
