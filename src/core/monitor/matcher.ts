import { compileAutomaton, scanAutomaton, type Automaton } from './automaton';
import type { ContextFrame, ContextMarker, Defuser, LexiconEntry } from './lexicon';
import {
  createBuffers,
  foldedString,
  normaliseTerm,
  normaliseText,
  SENTENCE_START,
  TOKEN_END,
  TOKEN_START,
  type NormaliseBuffers,
} from './normalise';

/**
 * The lexicon compiled into one automaton, and what a scan of a text found in it: risk matches (with
 * the ones a defusing phrase overlaps removed), and the context words around them. Scoring them is
 * score.ts's job.
 */

/** A single word shorter than this (in folded letters) must be one whole word of the text: "an al" is not "anal". */
export const MIN_SPLIT_WORD = 7;
/** Misspelt forms (a letter missing, two swapped, a wrong vowel) are generated for words at least this long. */
export const MIN_FUZZY_LENGTH = 7;
/** The words of a `near` set must all fall within this many words. */
export const NEAR_WINDOW = 8;
/** Context words kept per text: plenty for any page, and a bound for one built to be nothing else. */
const MAX_MARKERS = 20_000;

export interface RiskHit {
  /** Index into the matcher's entries. */
  entry: number;
  /** The lexicon term that matched, as written in the lexicon (never the pupil's words). */
  term: string;
  /** Word index of the match's first word. */
  token: number;
  /** Found only through a generated misspelling. */
  fuzzy: boolean;
}

export interface MarkerHit {
  frame: ContextFrame;
  /** Index of the marker term, so the same word repeated counts once. */
  marker: number;
  token: number;
}

export interface Analysis {
  /** Words in the text (as far as it was read). */
  tokens: number;
  hits: RiskHit[];
  markers: MarkerHit[];
  /** Risk matches removed by a defusing phrase. */
  defused: number;
}

export interface Matcher {
  readonly entries: readonly LexiconEntry[];
  readonly patternCount: number;
  readonly stateCount: number;
  /** Scans at most `maxChars` characters of `text`. */
  analyse(text: string, maxChars?: number): Analysis;
}

type Payload =
  | { kind: 'risk'; entry: number; term: string; fuzzy: boolean }
  | { kind: 'near'; group: number; part: number }
  | { kind: 'defuse'; defuser: number }
  | { kind: 'marker'; frame: ContextFrame; marker: number };

interface Pattern {
  length: number;
  tokens: number;
  openStart: boolean;
  openEnd: boolean;
  payloads: Payload[];
}

interface NearGroup {
  entry: number;
  parts: number;
  term: string;
}

export interface MatcherSource {
  entries: readonly LexiconEntry[];
  defusers: readonly Defuser[];
  markers: readonly ContextMarker[];
}

/** Compiles the lexicon once; the result is shared by every check (it is never changed). */
export function compileMatcher(source: MatcherSource): Matcher {
  const patternIndex = new Map<string, number>();
  const patterns: Pattern[] = [];
  const letters: number[][] = [];

  const add = (term: string, payload: Payload, withMisspellings: boolean) => {
    const normalised = normaliseTerm(term);
    if (!normalised) throw new Error(`The lexicon term "${term}" has no letters.`);
    const key = (classes: readonly number[]) => `${normalised.openStart ? '*' : ''}${classes.join(',')}${normalised.openEnd ? '*' : ''}`;
    const put = (classes: readonly number[], p: Payload) => {
      const k = key(classes);
      let id = patternIndex.get(k);
      if (id === undefined) {
        // The same letters with different open ends are different patterns in the automaton's outputs,
        // but one path in its trie: keep the automaton's patterns unique by letters.
        id = patterns.length;
        patternIndex.set(k, id);
        patterns.push({ length: classes.length, tokens: normalised.tokens, openStart: normalised.openStart, openEnd: normalised.openEnd, payloads: [] });
        letters.push([...classes]);
      }
      const payloads = patterns[id]?.payloads;
      if (payloads && !payloads.some((q) => samePayload(q, p))) payloads.push(p);
    };
    put(normalised.classes, payload);
    if (withMisspellings && payload.kind === 'risk' && normalised.classes.length >= MIN_FUZZY_LENGTH) {
      const exact = key(normalised.classes);
      for (const variant of misspellings(normalised.classes, normalised.tokens)) {
        if (key(variant) !== exact) put(variant, { ...payload, fuzzy: true });
      }
    }
  };

  const entries = source.entries;
  const nearGroups: NearGroup[] = [];
  entries.forEach((entry, index) => {
    for (const term of entry.terms) add(term, { kind: 'risk', entry: index, term, fuzzy: false }, true);
    for (const set of entry.near ?? []) {
      const group = nearGroups.length;
      nearGroups.push({ entry: index, parts: set.length, term: set.join(' + ') });
      set.forEach((word, part) => add(word, { kind: 'near', group, part }, false));
    }
  });
  source.defusers.forEach((defuser, index) => {
    for (const phrase of defuser.phrases) add(phrase, { kind: 'defuse', defuser: index }, false);
  });
  let markerIndex = 0;
  for (const marker of source.markers) {
    for (const term of marker.terms) add(term, { kind: 'marker', frame: marker.frame, marker: markerIndex++ }, false);
  }

  // The automaton sees letters only: patterns that differ just in open ends share one path.
  const byLetters = new Map<string, number>();
  const automatonPatterns: number[][] = [];
  const automatonToPatterns: number[][] = [];
  patterns.forEach((_, id) => {
    const k = (letters[id] ?? []).join(',');
    let a = byLetters.get(k);
    if (a === undefined) {
      a = automatonPatterns.length;
      byLetters.set(k, a);
      automatonPatterns.push(letters[id] ?? []);
      automatonToPatterns.push([]);
    }
    automatonToPatterns[a]?.push(id);
  });
  const automaton = compileAutomaton(automatonPatterns);
  let buffers: NormaliseBuffers = createBuffers(4096);
  const raw: number[] = [];

  return {
    entries,
    patternCount: automatonPatterns.length,
    stateCount: automaton.states,
    analyse(text, maxChars = text.length) {
      const limit = Math.min(maxChars, text.length);
      if (buffers.classes.length < limit) buffers = createBuffers(limit);
      const normalised = normaliseText(text, limit, buffers);
      raw.length = 0;
      scanAutomaton(automaton, normalised.classes, normalised.length, raw);
      return collect(raw, normalised, automaton, automatonToPatterns, patterns, nearGroups, source.defusers, entries);
    },
  };
}

function samePayload(a: Payload, b: Payload): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** One letter left out, two neighbours swapped, or a vowel written as another vowel; never the first letter. */
export function misspellings(classes: readonly number[], words = 1): number[][] {
  const variants: number[][] = [];
  const vowels = normaliseTerm('a e i o u')?.classes ?? [];
  const vowelSet = new Set(vowels);
  for (let i = 1; i < classes.length; i++) {
    variants.push([...classes.slice(0, i), ...classes.slice(i + 1)]);
    if (i + 1 < classes.length && classes[i] !== classes[i + 1]) {
      variants.push([...classes.slice(0, i), classes[i + 1] ?? 0, classes[i] ?? 0, ...classes.slice(i + 2)]);
    }
    // Wrong vowels only in single words: in a phrase they multiply the patterns for little gain.
    if (words === 1 && vowelSet.has(classes[i] ?? 0)) {
      for (const v of vowels) if (v !== classes[i]) variants.push([...classes.slice(0, i), v, ...classes.slice(i + 1)]);
    }
  }
  // A variant may repeat a letter the normaliser would have folded (a missing letter between two the same).
  return variants.map(collapseRepeats);
}

function collapseRepeats(classes: number[]): number[] {
  return classes.filter((c, i) => i === 0 || classes[i - 1] !== c);
}

interface Span {
  start: number;
  end: number;
}

function collect(
  raw: readonly number[],
  text: ReturnType<typeof normaliseText>,
  automaton: Automaton,
  automatonToPatterns: readonly (readonly number[])[],
  patterns: readonly Pattern[],
  nearGroups: readonly NearGroup[],
  defusers: readonly Defuser[],
  entries: readonly LexiconEntry[],
): Analysis {
  const { flags, tokenStarts, tokenCount } = text;
  const tokenAt = (position: number) => {
    let lo = 0;
    let hi = tokenCount - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((tokenStarts[mid] ?? 0) <= position) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const risks: (RiskHit & Span)[] = [];
  const nearParts: { group: number; part: number; token: number; span: Span }[] = [];
  const defuseSpans: (Span & { defuser: number })[] = [];
  const markerSpans: (MarkerHit & Span)[] = [];

  for (let r = 0; r < raw.length; r += 2) {
    const end = raw[r + 1] ?? 0;
    const length = automaton.patternLength[raw[r] ?? 0] ?? 0;
    const start = end - length + 1;
    for (const id of automatonToPatterns[raw[r] ?? 0] ?? []) {
      const pattern = patterns[id];
      if (!pattern || !fits(pattern, start, end, flags)) continue;
      const span = { start, end };
      for (const payload of pattern.payloads) {
        switch (payload.kind) {
          case 'risk':
            risks.push({ entry: payload.entry, term: payload.term, fuzzy: payload.fuzzy, token: tokenAt(start), ...span });
            break;
          case 'near':
            nearParts.push({ group: payload.group, part: payload.part, token: tokenAt(start), span });
            break;
          case 'defuse':
            defuseSpans.push({ defuser: payload.defuser, ...span });
            break;
          case 'marker':
            if (markerSpans.length < MAX_MARKERS) markerSpans.push({ frame: payload.frame, marker: payload.marker, token: tokenAt(start), ...span });
            break;
        }
      }
    }
  }
  risks.push(...nearMatches(nearParts, nearGroups));

  let defused = 0;
  const hits: RiskHit[] = [];
  const kept: Span[] = [];
  // An exact term and a misspelling of another term of the same entry can both end on one word.
  risks.sort((a, b) => a.start - b.start || Number(a.fuzzy) - Number(b.fuzzy));
  const seen = new Set<string>();
  for (const hit of risks) {
    const key = `${hit.entry}:${hit.start}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const category = entries[hit.entry]?.category;
    const cancelled = defuseSpans.some((d) => {
      const categories = defusers[d.defuser]?.categories;
      return d.start <= hit.end && hit.start <= d.end && (!categories || (category !== undefined && categories.includes(category)));
    });
    if (cancelled) defused++;
    else {
      hits.push({ entry: hit.entry, term: hit.term, token: hit.token, fuzzy: hit.fuzzy });
      kept.push(hit);
    }
  }
  hits.sort((a, b) => a.token - b.token);
  // A context word inside a risk phrase is part of it, not context ("genocide" in "white genocide").
  const markers: MarkerHit[] = [];
  for (const m of markerSpans) {
    if (!kept.some((k) => k.start <= m.end && m.start <= k.end)) markers.push({ frame: m.frame, marker: m.marker, token: m.token });
  }
  return { tokens: tokenCount, hits, markers, defused };
}

/** Whether a pattern found at [start, end] sits on the word boundaries it needs. */
function fits(pattern: Pattern, start: number, end: number, flags: Uint8Array): boolean {
  if (!pattern.openStart && !((flags[start] ?? 0) & TOKEN_START)) return false;
  if (!pattern.openEnd && !((flags[end] ?? 0) & TOKEN_END)) return false;
  const mayCross = pattern.tokens > 1 || pattern.length >= MIN_SPLIT_WORD;
  for (let i = start + 1; i <= end; i++) {
    const f = flags[i] ?? 0;
    if (f & SENTENCE_START) return false;
    if (f & TOKEN_START && !mayCross) return false;
  }
  return true;
}

/** Every `near` set whose words all occur within NEAR_WINDOW words of the set's first-found word. */
function nearMatches(
  parts: readonly { group: number; part: number; token: number; span: Span }[],
  groups: readonly NearGroup[],
): (RiskHit & Span)[] {
  if (parts.length === 0) return [];
  const found: (RiskHit & Span)[] = [];
  const byGroup = new Map<number, typeof parts>();
  for (const p of parts) byGroup.set(p.group, [...(byGroup.get(p.group) ?? []), p]);
  for (const [groupIndex, groupParts] of byGroup) {
    const group = groups[groupIndex];
    if (!group) continue;
    let lastToken = -Infinity;
    for (const anchor of groupParts) {
      if (anchor.token <= lastToken) continue;
      const within = groupParts.filter((p) => Math.abs(p.token - anchor.token) <= NEAR_WINDOW);
      const partsSeen = new Set(within.map((p) => p.part));
      if (partsSeen.size < group.parts) continue;
      const start = Math.min(...within.map((p) => p.span.start));
      const end = Math.max(...within.map((p) => p.span.end));
      found.push({ entry: group.entry, term: group.term, fuzzy: false, token: Math.min(...within.map((p) => p.token)), start, end });
      lastToken = Math.max(...within.map((p) => p.token));
    }
  }
  return found;
}

/** The folded form of a term, as the matcher sees it (for tests and the status page). */
export function foldedTerm(term: string): string {
  const normalised = normaliseTerm(term);
  return normalised ? foldedString(normalised.classes) : '';
}
