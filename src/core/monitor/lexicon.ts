import type { AlertCategory, Severity } from '../alert-categories';

/**
 * The risk lexicon's shape. The words themselves are data, one file per language in ./lexicon/,
 * written for this project. Each file holds the language's risk entries, the phrases that defuse a
 * false alarm ("suicide squad", "kill the process"), and the words that mark teaching, support,
 * history, news or fiction, which soften what is found near them.
 */

/** The pupils' languages the blocked page speaks (src/core/i18n.ts), plus their lexicons. */
export const LEXICON_LANGUAGES = ['en', 'cy', 'pl', 'ur', 'ro', 'ar'] as const;
export type LexiconLanguage = (typeof LEXICON_LANGUAGES)[number];

/** An entry id: category prefix, language (English has none) and a number, e.g. `sh-003`, `ed-pl-002`. */
export const ENTRY_ID_PATTERN = /^[a-z]{2,6}(-[a-z]{2})?-\d{3}$/;

export interface LexiconEntry {
  id: string;
  category: AlertCategory;
  severity: Severity;
  lang: LexiconLanguage;
  /**
   * Phrases, written plainly: normalisation finds the usual disguises (see normalise.ts). A match
   * must start and end on word boundaries unless the term has `*` there (`suicid*`).
   */
  terms: readonly string[];
  /** Word sets that count wherever they meet within NEAR_WINDOW words, in any order. */
  near?: readonly (readonly string[])[];
}

/** Cancels a risk match it overlaps: "suicide squad" is a film, "kill the process" is computing. */
export interface Defuser {
  phrases: readonly string[];
  /** The categories it can defuse (all when absent). */
  categories?: readonly AlertCategory[];
}

/** What kind of text a context word marks. */
export const CONTEXT_FRAMES = ['teaching', 'support', 'history', 'news', 'fiction', 'safety'] as const;
export type ContextFrame = (typeof CONTEXT_FRAMES)[number];

/** Words that mark a frame, such as "lesson" or "helpline". */
export interface ContextMarker {
  frame: ContextFrame;
  terms: readonly string[];
}

/**
 * The categories each frame softens. Teaching and news material talk about nearly everything; a
 * helpline page about self-harm, drugs or eating disorders; history and fiction about war and
 * extremism. Grooming is softened only by online-safety teaching: a groomer's message may well
 * mention a teacher or a lesson.
 */
export const FRAME_SOFTENS: Record<ContextFrame, readonly AlertCategory[]> = {
  teaching: ['self-harm', 'eating-disorders', 'extremism', 'sexual-content', 'violence', 'drugs', 'bullying'],
  support: ['self-harm', 'eating-disorders', 'drugs', 'bullying', 'sexual-content'],
  history: ['extremism', 'violence', 'bullying'],
  news: ['self-harm', 'extremism', 'violence', 'drugs', 'bullying', 'eating-disorders', 'sexual-content', 'grooming'],
  fiction: ['violence', 'extremism', 'self-harm'],
  safety: ['grooming', 'sexual-content', 'bullying', 'self-harm', 'extremism', 'eating-disorders', 'drugs', 'violence'],
};

export interface LanguageLexicon {
  lang: LexiconLanguage;
  entries: readonly LexiconEntry[];
  defusers: readonly Defuser[];
  markers: readonly ContextMarker[];
}

/** Entry rows as the language files write them: id, severity, terms, and optional word sets. */
export type EntryRow = readonly [id: string, severity: Severity, terms: readonly string[], near?: readonly (readonly string[])[]];

/** One category's rows of one language, as entries. */
export function entriesOf(lang: LexiconLanguage, category: AlertCategory, rows: readonly EntryRow[]): LexiconEntry[] {
  return rows.map(([id, severity, terms, near]) => ({ id, category, severity, lang, terms, ...(near ? { near } : {}) }));
}
