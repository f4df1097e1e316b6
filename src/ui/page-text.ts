import { formatMessage, joinWithOr, type MessageKey, type Messages } from '@/src/core/i18n';

/** The page's words: one of the six languages' messages, with `$1`… filled in. */
export type Translate = (key: MessageKey, ...substitutions: string[]) => string;

export function translator(messages: Messages): Translate {
  return (key, ...substitutions) => formatMessage(messages[key], substitutions);
}

/** How many adults a pupil is pointed to: more names than this is a list, not a person to go to. */
const MAX_NAMED_ADULTS = 3;

/**
 * "Tell your class teacher, Miss Knight." with the roles and names from the policy; outside school hours
 * "…, or your parent or carer.".
 */
export function tellAdultsText(t: Translate, adults: readonly { role: string; name: string }[], atSchool: boolean): string {
  if (adults.length === 0) return t(atSchool ? 'tellAdultsDefault' : 'tellAdultsDefaultHome');
  const named = joinWithOr(
    adults.slice(0, MAX_NAMED_ADULTS).map((adult) => t('adultWithRole', adult.role, adult.name)),
    t('orWord'),
  );
  return t(atSchool ? 'tellAdultsNamed' : 'tellAdultsNamedHome', named);
}
