import type { AlertCategory } from './alert-categories';
import type { BlockReason } from './block-reason';
import type { Category } from './categories';
import type { KeyStage } from './key-stages';

/**
 * What the blocked page may show, decided by the background for a verified blocked tab. Wording
 * lives in the locale files; this module picks which words, by age.
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
  | 'unsafe'
  | 'social'
  | 'games'
  | 'school'
  | 'approved'
  | 'reported'
  | 'grooming';

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

/** What monitoring found, in the same child-friendly topics. */
const ALERT_TOPICS: Record<AlertCategory, ReasonTopic> = {
  'self-harm': 'selfharm',
  'eating-disorders': 'selfharm',
  extremism: 'hate',
  grooming: 'grooming',
  'sexual-content': 'adult',
  violence: 'violence',
  drugs: 'drugs',
  bullying: 'hate',
};

/** Alerts where the pupil may be the one at risk: support comes first, before anything else. */
export function isSupportFirst(reason: BlockReason): boolean {
  return reason.kind === 'alert' && (reason.category === 'self-harm' || reason.category === 'eating-disorders');
}

export function reasonTopic(reason: BlockReason): ReasonTopic {
  switch (reason.kind) {
    case 'category':
      return CATEGORY_TOPICS[reason.category];
    case 'school':
      return 'school';
    case 'approved-only':
      return 'approved';
    case 'reported':
      return 'reported';
    case 'alert':
      return ALERT_TOPICS[reason.category];
  }
}

export type HelpLine = 'childline' | 'meic' | 'ceop' | 'dsl';

/** Where else to get help, right for the age: young children are pointed to adults only. */
export function helpLinesFor(band: AgeBand): HelpLine[] {
  switch (band) {
    case 'young':
      return [];
    case 'middle':
      return ['childline'];
    case 'older':
      return ['childline', 'ceop'];
    case 'staff':
      return ['dsl'];
  }
}

/** Older pupils and staff may ask for a review of a block; never for illegal content or a report. */
export function canRequestUnblock(band: AgeBand, reason: BlockReason): boolean {
  if (band !== 'older' && band !== 'staff') return false;
  return !(reason.kind === 'reported' || reason.kind === 'alert' || (reason.kind === 'category' && reason.category === 'illegal'));
}

/** An adult may allow a blocked host for a lesson, but not illegal content and not a pupil's report. */
export function canLessonUnlock(reason: BlockReason): boolean {
  // An alert is about what was read or searched, not a blocked site: there is nothing to allow.
  return !(reason.kind === 'reported' || reason.kind === 'alert' || (reason.kind === 'category' && reason.category === 'illegal'));
}

export const LESSON_UNLOCK_MINUTES = [30, 60, 90] as const;
export type LessonUnlockMinutes = (typeof LESSON_UNLOCK_MINUTES)[number];

/** How long an adult's unlock lasts before the page needs the PIN again. */
export const ADULT_UNLOCK_GRANT_MS = 5 * 60_000;
/** With no PIN configured, the adult holds the unlock button this long. */
export const HOLD_TO_UNLOCK_MS = 3_000;
