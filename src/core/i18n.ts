import { z } from 'zod';

/**
 * Pupil-facing languages. Chrome picks one from the browser's language through `_locales`; the
 * blocked page also offers a manual switch, which loads the chosen locale's messages.json itself
 * (chrome.i18n always follows the browser). English, Welsh, and languages common among pupils with
 * English as an additional language.
 */
export const LOCALES = ['en', 'cy', 'pl', 'ur', 'ro', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';
export const RTL_LOCALES: readonly Locale[] = ['ur', 'ar'];

/** Each language's own name, so a pupil can find theirs. */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: 'English',
  cy: 'Cymraeg',
  pl: 'Polski',
  ur: 'اردو',
  ro: 'Română',
  ar: 'العربية',
};

/** Every key the pages use; a test checks each locale file has all of them. */
export const MESSAGE_KEYS = [
  'extName',
  'extDescription',
  'pageTitle',
  'messageOnly',
  'headline',
  'notInTrouble',
  'tellAdultsNamed',
  'tellAdultsNamedHome',
  'tellAdultsDefault',
  'tellAdultsDefaultHome',
  'adultWithRole',
  'orWord',
  'turnOff',
  'readToMe',
  'pictureScreenOff',
  'pictureTellAdult',
  'pictureGoingToAdult',
  'pictureGoBack',
  'reasonMiddle',
  'topic_illegal',
  'topic_adult',
  'topic_gambling',
  'topic_drugs',
  'topic_hate',
  'topic_violence',
  'topic_selfharm',
  'topic_eating',
  'topic_grooming',
  'topic_bullying',
  'topic_unsafe',
  'topic_social',
  'topic_games',
  'topic_school',
  'topic_approved',
  'topic_reported',
  'supportHeadline',
  'siteLabel',
  'helpHeading',
  'help_childline',
  'help_meic',
  'help_ceop',
  'help_dsl',
  'calmHeadlineYoung',
  'calmHeadlineMiddle',
  'calmHeadlineOlder',
  'calmHint',
  'goBackPupil',
  'requestUnblock',
  'requestSent',
  'staffHeadline',
  'staffCategory',
  'cat_illegal',
  'cat_pornography',
  'cat_gambling',
  'cat_drugs',
  'cat_extremism',
  'cat_discrimination',
  'cat_violence',
  'cat_self_harm',
  'cat_malware',
  'cat_piracy',
  'cat_circumvention',
  'cat_social_networks',
  'cat_dating',
  'cat_chat',
  'cat_webmail',
  'cat_games',
  'requestReview',
  'reviewRequested',
  'languageLabel',
  'screenOff',
  'thanksReport',
  'thanksScreenOff',
  'choiceHeading',
  'choice_upsetting',
  'choice_naked',
  'choice_unkind',
  'choice_stranger',
  'choice_other',
  'choiceThanks',
  'adultCanUnlock',
  'staffUnlock',
  'codeLabel',
  'codeHint',
  'deleteKey',
  'unlockButton',
  'cancel',
  'codeWrong',
  'codeLocked',
  'holdButton',
  'askTeacher',
  'unlockedHeading',
  'goBack',
  'lessonUnlock',
  'lessonSchoolOnly',
  'somethingWrong',
  'popupButton',
  'popupHint',
  'menuReport',
  'commandReport',
] as const;
export type MessageKey = (typeof MESSAGE_KEYS)[number];

export const localeFileSchema = z.record(z.string(), z.object({ message: z.string(), description: z.string().optional() }));

export type Messages = Record<MessageKey, string>;

/** Parses a locale's messages.json; missing keys fall back to `fallback` so a page is never blank. */
export function parseLocaleFile(json: unknown, fallback: Messages | null): Messages | null {
  const parsed = localeFileSchema.safeParse(json);
  if (!parsed.success) return fallback;
  const out = {} as Messages;
  for (const key of MESSAGE_KEYS) {
    const message = parsed.data[key]?.message ?? fallback?.[key];
    if (message === undefined) return null;
    out[key] = message;
  }
  return out;
}

/** Fills `$1`…`$9` the way chrome.i18n.getMessage does; `$$` is a literal dollar. */
export function formatMessage(template: string, substitutions: readonly string[] = []): string {
  return template.replace(/\$(\$|[1-9])/g, (_, token: string) => (token === '$' ? '$' : (substitutions[Number(token) - 1] ?? '')));
}

/** The first supported language in the browser's preference order, else English. */
export function pickLocale(languages: readonly string[]): Locale {
  for (const language of languages) {
    const base = language.toLowerCase().split(/[-_]/)[0];
    if ((LOCALES as readonly string[]).includes(base ?? '')) return base as Locale;
  }
  return DEFAULT_LOCALE;
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** "A, B or C" in the page's language. */
export function joinWithOr(items: readonly string[], orWord: string): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${orWord} ${items[items.length - 1]}`;
}
