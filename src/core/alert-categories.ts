import { CATEGORIES, type Category } from './categories';

/**
 * What on-device monitoring (risky searches, harmful text on allowed pages) can alert about. Four share
 * a name and meaning with a filtering category (self-harm, extremism, violence, drugs); the rest exist
 * only as alerts, because no host list can find them (grooming in a chat, bullying in a comment thread).
 */
export const ALERT_CATEGORIES = [
  'self-harm',
  'eating-disorders',
  'extremism',
  'grooming',
  'sexual-content',
  'violence',
  'drugs',
  'bullying',
] as const;
export type AlertCategory = (typeof ALERT_CATEGORIES)[number];

export const ALERT_CATEGORY_DESCRIPTIONS: Record<AlertCategory, string> = {
  'self-harm': 'Self-harm and suicide',
  'eating-disorders': 'Eating disorders',
  extremism: 'Extremism and radicalisation',
  grooming: 'Grooming and sexual exploitation',
  'sexual-content': 'Sexual content',
  violence: 'Weapons and violence',
  drugs: 'Drugs',
  bullying: 'Bullying and hate',
};

/** Every category an event can name: the filtering categories, then the alert-only ones. */
export const EVENT_CATEGORIES = [...CATEGORIES, ...ALERT_CATEGORIES.filter((c) => !(CATEGORIES as readonly string[]).includes(c))] as [
  Category | AlertCategory,
  ...(Category | AlertCategory)[],
];
export type EventCategory = Category | AlertCategory;

/** How urgent the device judged an alert to be (the lexicon entry's severity); null for other events. */
export const SEVERITIES = ['high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];
