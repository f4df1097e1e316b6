import type { AlertCategory } from './alert-categories';
import type { BlockReason } from './block-reason';
import { PUPIL_FLOOR_CATEGORIES, type Category } from './categories';
import type { KeyStage } from './key-stages';
import { isMovablePageKind, type PageKind } from './page-kinds';

/**
 * What the blocked page may show, decided by the background for a verified blocked tab. Wording
 * lives in the locale files; this module picks which words, by age and by kind of page.
 */
export type AgeBand = 'young' | 'middle' | 'older' | 'staff';

export const AGE_BANDS: Record<KeyStage, AgeBand> = {
  EYFS: 'young',
  KS1: 'young',
  KS2: 'middle',
  KS3: 'older',
  KS4: 'older',
  KS5: 'older',
  STAFF: 'staff',
};

/** A child-friendly topic per category; raw category codes are never shown to a pupil. */
export type ReasonTopic =
  | 'illegal'
  | 'adult'
  | 'gambling'
  | 'drugs'
  | 'hate'
  | 'violence'
  | 'selfharm'
  | 'eating'
  | 'grooming'
  | 'bullying'
  | 'unsafe'
  | 'social'
  | 'games'
  | 'school'
  | 'approved'
  | 'reported';

const CATEGORY_TOPICS: Record<Category, ReasonTopic> = {
  illegal: 'illegal',
  pornography: 'adult',
  dating: 'adult',
  gambling: 'gambling',
  drugs: 'drugs',
  extremism: 'hate',
  discrimination: 'hate',
  violence: 'violence',
  'self-harm': 'selfharm',
  malware: 'unsafe',
  circumvention: 'unsafe',
  piracy: 'unsafe',
  'social-networks': 'social',
  chat: 'social',
  webmail: 'social',
  games: 'games',
};

const ALERT_TOPICS: Record<AlertCategory, ReasonTopic> = {
  'self-harm': 'selfharm',
  'eating-disorders': 'eating',
  extremism: 'hate',
  grooming: 'grooming',
  'sexual-content': 'adult',
  violence: 'violence',
  drugs: 'drugs',
  bullying: 'bullying',
};

export function reasonTopic(reason: BlockReason): ReasonTopic {
  switch (reason.kind) {
    case 'category':
      return CATEGORY_TOPICS[reason.category];
    case 'alert':
      return ALERT_TOPICS[reason.category];
    case 'school':
      return 'school';
    case 'approved-only':
      return 'approved';
    case 'reported':
      return 'reported';
  }
}

export type HelpLine = 'childline' | 'meic' | 'ceop' | 'dsl';

/** Topics where a pupil may be struggling themselves: words of support and help lines come first. */
const SUPPORT_FIRST_TOPICS: readonly ReasonTopic[] = ['selfharm', 'eating'];

export function supportFirst(reason: BlockReason): boolean {
  return SUPPORT_FIRST_TOPICS.includes(reasonTopic(reason));
}

/**
 * Where else to get help, right for the age and the page: young children are pointed to adults only, a calm
 * "not for school" page needs none, and someone met online (grooming) is CEOP's first.
 */
export function helpLinesFor(band: AgeBand, kind: PageKind, reason: BlockReason): HelpLine[] {
  if (kind === 'not-for-school') return [];
  if (kind === 'staff') return isSafeguardingMatter(reason) ? ['dsl'] : [];
  const lines: HelpLine[] = band === 'young' ? [] : band === 'middle' ? ['childline', 'meic'] : ['childline', 'meic', 'ceop'];
  if (band !== 'young' && reasonTopic(reason) === 'grooming') return ['ceop', ...lines.filter((l) => l !== 'ceop')];
  return lines;
}

/** For staff: content that may be a safeguarding concern, where the page reminds them of the DSL. */
function isSafeguardingMatter(reason: BlockReason): boolean {
  return reason.kind === 'reported' || reason.kind === 'alert' || (reason.kind === 'category' && !isMovablePageKind(reason.category));
}

/** Older pupils and staff may ask for a review of a block; never for illegal content, a report or an alert. */
export function canRequestUnblock(band: AgeBand, reason: BlockReason): boolean {
  if (band !== 'older' && band !== 'staff') return false;
  return !(reason.kind === 'reported' || reason.kind === 'alert' || (reason.kind === 'category' && reason.category === 'illegal'));
}

/**
 * Whether an adult may allow a blocked host for a lesson on this device. Never illegal content, a pupil's
 * report or an alert; for pupils never a floor category either (issue 11 §2): allowing such a site stays the
 * school's decision, through `allowDomains` in the policy, which the audit log records.
 */
export function canLessonUnlock(reason: BlockReason, keyStage: KeyStage): boolean {
  if (reason.kind === 'reported' || reason.kind === 'alert') return false;
  if (reason.kind !== 'category') return true;
  return keyStage === 'STAFF' ? reason.category !== 'illegal' : !PUPIL_FLOOR_CATEGORIES.includes(reason.category);
}

export const LESSON_UNLOCK_MINUTES = [30, 60, 90] as const;
export type LessonUnlockMinutes = (typeof LESSON_UNLOCK_MINUTES)[number];

/** How long an adult's unlock lasts before the page needs the code again. */
export const ADULT_UNLOCK_GRANT_MS = 5 * 60_000;
/** With no code configured, the adult holds the unlock button this long. */
export const HOLD_TO_UNLOCK_MS = 3_000;
