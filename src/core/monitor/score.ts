import type { AlertCategory, Severity } from '../alert-categories';
import { FRAME_SOFTENS, type LexiconEntry } from './lexicon';
import type { Analysis, RiskHit } from './matcher';

/**
 * Judging what the matcher found. A query or a prompt is short and says what the pupil wanted: any
 * match counts, softened one level by a word that makes it a question about the topic ("history",
 * "prevention"). Page text is judged by density and context: matches are weighed in windows of
 * WINDOW_TOKENS words, so one harmful paragraph in a long page still counts while a word mentioned
 * once in an article does not, and teaching, support, history, news or fiction words near a match
 * soften it.
 */

/** What the device concluded, and what an alert event may say about it. */
export interface Verdict {
  category: AlertCategory;
  severity: Severity;
  /** The lexicon entry that weighed most. */
  entryId: string;
  /** The lexicon term that matched (never the pupil's words). */
  term: string;
  /** Weighted matches per 100 words in the window that decided (queries: the weighted sum). */
  score: number;
  /** Found only through misspellings of the lexicon's terms. */
  fuzzy: boolean;
}

export const SEVERITY_WEIGHT: Record<Severity, number> = { high: 6, medium: 3, low: 1 };
const SEVERITY_ORDER: readonly Severity[] = ['low', 'medium', 'high'];

/** Page text is weighed in windows of this many words. */
export const WINDOW_TOKENS = 200;
/** A window's density is taken over at least this many words, so a one-line message is not all density. */
export const MIN_DENSITY_TOKENS = 40;
/** Context words this far either side of a window count for it. */
export const CONTEXT_REACH = 150;
/** Distinct context words near a match that soften it one level, and two levels. */
export const SOFTEN_ONE = 2;
export const SOFTEN_TWO = 4;
/** Density (weighted matches per 100 words) a window needs for a high and for a medium verdict. */
export const HIGH_DENSITY = 2.5;
export const MEDIUM_DENSITY = 1.2;
/** A medium verdict on page text needs at least this weight: one medium word alone is only low. */
export const MEDIUM_MIN_WEIGHT = 5;
/** A misspelt match weighs this much of an exact one. */
const FUZZY_FACTOR = 0.75;
/** Repeats of one entry add half its weight each, up to this many. */
const MAX_REPEATS = 4;

export function soften(severity: Severity, levels: number): Severity {
  return SEVERITY_ORDER[Math.max(0, SEVERITY_ORDER.indexOf(severity) - levels)] ?? 'low';
}

export function severityAtLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_ORDER.indexOf(severity) >= SEVERITY_ORDER.indexOf(threshold);
}

interface Weighed {
  category: AlertCategory;
  severity: Severity;
  weight: number;
  top: { entry: LexiconEntry; term: string; weight: number };
  /** Every match of the category was a misspelling. */
  fuzzy: boolean;
}

/**
 * Weighs the hits per category, each entry softened by `levels`. Different terms each weigh in full
 * ("i hate myself" and "nobody would miss me" are two signals); the same term again adds half.
 */
function weigh(hits: readonly RiskHit[], entries: readonly LexiconEntry[], levels: (entry: LexiconEntry) => number): Weighed[] {
  const perTerm = new Map<string, { entry: number; count: number; fuzzyOnly: boolean; term: string }>();
  for (const hit of hits) {
    const key = `${hit.entry}:${hit.term}`;
    const seen = perTerm.get(key);
    if (seen) {
      seen.count++;
      if (!hit.fuzzy) seen.fuzzyOnly = false;
    } else perTerm.set(key, { entry: hit.entry, count: 1, fuzzyOnly: hit.fuzzy, term: hit.term });
  }
  const byCategory = new Map<AlertCategory, Weighed>();
  for (const seen of perTerm.values()) {
    const entry = entries[seen.entry];
    if (!entry) continue;
    const severity = soften(entry.severity, levels(entry));
    const weight = SEVERITY_WEIGHT[severity] * (1 + 0.5 * Math.min(seen.count - 1, MAX_REPEATS)) * (seen.fuzzyOnly ? FUZZY_FACTOR : 1);
    const current = byCategory.get(entry.category);
    const candidate = { entry, term: seen.term, weight };
    if (!current) {
      byCategory.set(entry.category, { category: entry.category, severity, weight, top: candidate, fuzzy: seen.fuzzyOnly });
      continue;
    }
    current.weight += weight;
    current.fuzzy &&= seen.fuzzyOnly;
    if (severityAtLeast(severity, current.severity) && (severity !== current.severity || weight > current.top.weight)) {
      current.severity = severity;
      current.top = candidate;
    }
  }
  return [...byCategory.values()];
}

/**
 * When two categories are equally severe, the one a DSL must act on first: a search for "how to kill
 * yourself" is a pupil at risk before it is bullying.
 */
const URGENCY: readonly AlertCategory[] = [
  'self-harm',
  'grooming',
  'sexual-content',
  'extremism',
  'violence',
  'eating-disorders',
  'drugs',
  'bullying',
];

function strongest(candidates: readonly Verdict[]): Verdict | null {
  let best: Verdict | null = null;
  // Severity first, then an exact match over a misspelling, then urgency.
  const rank = (v: Verdict) => SEVERITY_ORDER.indexOf(v.severity) * 100 + (v.fuzzy ? 0 : 50) - URGENCY.indexOf(v.category);
  for (const v of candidates) {
    if (!best || rank(v) > rank(best) || (rank(v) === rank(best) && v.score > best.score)) best = v;
  }
  return best;
}

const round = (n: number) => Math.round(n * 10) / 10;

/** The items with from ≤ token < to, from a list in token order. */
function sliceByToken<T extends { token: number }>(items: readonly T[], from: number, to: number): T[] {
  const first = (bound: number) => {
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((items[mid]?.token ?? 0) < bound) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return items.slice(first(from), first(to));
}

/** A search query or a chatbot prompt. */
export function judgeQuery(analysis: Analysis, entries: readonly LexiconEntry[]): Verdict | null {
  if (analysis.hits.length === 0) return null;
  const frames = new Set(analysis.markers.map((m) => m.frame));
  // A query that names intent or a method ("how to hang myself") stands whatever else it says.
  const levels = (entry: LexiconEntry) =>
    entry.severity !== 'high' && [...frames].some((f) => FRAME_SOFTENS[f].includes(entry.category)) ? 1 : 0;
  return strongest(
    weigh(analysis.hits, entries, levels).map((w) => ({
      category: w.category,
      severity: w.severity,
      entryId: w.top.entry.id,
      term: w.top.term,
      score: round(w.weight),
      fuzzy: w.fuzzy,
    })),
  );
}

/** Text read from a page (or a growing chatbot answer). */
export function judgeText(analysis: Analysis, entries: readonly LexiconEntry[]): Verdict | null {
  const { hits, markers } = analysis;
  if (hits.length === 0) return null;
  const verdicts: Verdict[] = [];
  let lastStart = -1;
  for (const anchor of hits) {
    // One window per run of nearby matches is enough: later anchors inside it see a subset.
    if (lastStart >= 0 && anchor.token < lastStart + WINDOW_TOKENS / 2) continue;
    const from = anchor.token;
    const to = from + WINDOW_TOKENS;
    lastStart = from;
    const inWindow = sliceByToken(hits, from, to);
    const near = sliceByToken(markers, from - CONTEXT_REACH, to + CONTEXT_REACH);
    const levels = ({ category }: LexiconEntry) => {
      // Distinct words: a page that says "lesson" fifty times has one teaching word.
      const count = new Set(near.filter((m) => FRAME_SOFTENS[m.frame].includes(category)).map((m) => m.marker)).size;
      return count >= SOFTEN_TWO ? 2 : count >= SOFTEN_ONE ? 1 : 0;
    };
    const words = Math.max(MIN_DENSITY_TOKENS, Math.min(WINDOW_TOKENS, analysis.tokens - from));
    for (const w of weigh(inWindow, entries, levels)) {
      const density = (w.weight * 100) / words;
      const severity: Severity | null =
        w.severity === 'high' && density >= HIGH_DENSITY
          ? 'high'
          : severityAtLeast(w.severity, 'medium') && w.weight >= MEDIUM_MIN_WEIGHT && density >= MEDIUM_DENSITY
            ? 'medium'
            : null;
      const base = { category: w.category, entryId: w.top.entry.id, term: w.top.term, score: round(density), fuzzy: w.fuzzy };
      if (severity) verdicts.push({ ...base, severity });
      else if (density >= MEDIUM_DENSITY) verdicts.push({ ...base, severity: 'low' });
    }
  }
  return strongest(verdicts);
}
