import { compileAutomaton, createHitBuffer, scanAutomaton, type Automaton, type HitBuffer } from './automaton';
import type { ContextFrame, ContextMarker, Defuser, LexiconEntry } from './lexicon';
import { CONTEXT_REACH, WINDOW_TOKENS } from './score';
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
/** Misspelt forms (a letter missing, two swapped, a wrong vowel) are generated for words at least this long... */
export const MIN_FUZZY_LENGTH = 7;
/**
 * ...and for terms of at most this many words. Each misspelling of a long phrase is a path of its own
 * in the automaton (all languages: 40 000 states with two-word terms, 140 000 with every phrase),
 * while a long phrase is specific enough that its key word, fuzzed on its own, carries it.
 */
export const MAX_FUZZY_WORDS = 2;
/** The words of a `near` set must all fall within this many words. */
export const NEAR_WINDOW = 8;
/** Context words and risk matches kept per text: plenty for any page, and a bound for one built to be nothing else. */
const MAX_MARKERS = 20_000;
const MAX_RISK_HITS = 2_000;

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
  // Patterns are keyed by their letters as a string (one char per letter class), plus open ends.
  const patternIndex = new Map<string, number>();
  const patterns: Pattern[] = [];
  const payloadKeys: Set<string>[] = [];
  const letters: string[] = [];

  const add = (term: string, payload: Payload, withMisspellings: boolean) => {
    const normalised = normaliseTerm(term);
    if (!normalised) throw new Error(`The lexicon term "${term}" has no letters.`);
    const ends = `${normalised.openStart ? '*' : ''}|${normalised.openEnd ? '*' : ''}`;
    const put = (word: string, p: Payload, payloadKey: string) => {
      const k = `${word}${ends}`;
      let id = patternIndex.get(k);
      if (id === undefined) {
        id = patterns.length;
        patternIndex.set(k, id);
        patterns.push({
          length: word.length,
          tokens: normalised.tokens,
          openStart: normalised.openStart,
          openEnd: normalised.openEnd,
          payloads: [],
        });
        payloadKeys.push(new Set());
        letters.push(word);
      }
      // The same letters written as more words ("خودکشی", "خود کشی") may span words.
      const pattern = patterns[id];
      if (pattern && normalised.tokens > pattern.tokens) pattern.tokens = normalised.tokens;
      const keys = payloadKeys[id];
      if (keys && !keys.has(payloadKey)) {
        keys.add(payloadKey);
        patterns[id]?.payloads.push(p);
      }
    };
    const exact = String.fromCharCode(...normalised.classes);
    const key = payloadKeyOf(payload);
    put(exact, payload, key);
    // Arabic writes "and" and "so" onto the next word (وليس, فأنت): a risk phrase may carry them.
    if (payload.kind === 'risk' && !normalised.openStart && ARABIC_CLASSES.has(exact.charCodeAt(0))) {
      for (const prefix of ARABIC_CONJUNCTIONS) if (!exact.startsWith(prefix)) put(prefix + exact, payload, key);
    }
    if (withMisspellings && payload.kind === 'risk' && exact.length >= MIN_FUZZY_LENGTH && normalised.tokens <= MAX_FUZZY_WORDS) {
      const fuzzy = { ...payload, fuzzy: true };
      const fuzzyKey = payloadKeyOf(fuzzy);
      for (const variant of misspellings(exact, normalised.tokens)) if (variant !== exact) put(variant, fuzzy, fuzzyKey);
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
  const markerFrames: ContextFrame[] = [];
  for (const marker of source.markers) {
    for (const term of marker.terms) {
      add(term, { kind: 'marker', frame: marker.frame, marker: markerFrames.length }, false);
      markerFrames.push(marker.frame);
    }
  }

  // The automaton sees letters only: patterns that differ just in open ends share one path.
  const byLetters = new Map<string, number>();
  const automatonPatterns: string[] = [];
  const automatonToPatterns: number[][] = [];
  letters.forEach((word, id) => {
    let a = byLetters.get(word);
    if (a === undefined) {
      a = automatonPatterns.length;
      byLetters.set(word, a);
      automatonPatterns.push(word);
      automatonToPatterns.push([]);
    }
    automatonToPatterns[a]?.push(id);
  });
  const automaton = compileAutomaton(automatonPatterns);
  let buffers: NormaliseBuffers = createBuffers(4096);
  const raw = createHitBuffer();
  const found: MarkerBuffer = { data: new Int32Array(4 * 1024), count: 0 };

  return {
    entries,
    patternCount: automatonPatterns.length,
    stateCount: automaton.states,
    analyse(text, maxChars = text.length) {
      const limit = Math.min(maxChars, text.length);
      if (buffers.classes.length < limit) buffers = createBuffers(limit);
      const normalised = normaliseText(text, limit, buffers);
      scanAutomaton(automaton, normalised.classes, normalised.length, raw);
      found.count = 0;
      return collect(
        raw,
        normalised,
        { automaton, automatonToPatterns, patterns, nearGroups, markerFrames, defusers: source.defusers, entries },
        found,
      );
    },
  };
}

function payloadKeyOf(p: Payload): string {
  switch (p.kind) {
    case 'risk':
      return `r${p.entry}:${p.fuzzy ? 1 : 0}:${p.term}`;
    case 'near':
      return `n${p.group}:${p.part}`;
    case 'defuse':
      return `d${p.defuser}`;
    case 'marker':
      return `m${p.marker}`;
  }
}

/**
 * Misspellings of a term's letters (one char per letter class): one letter left out, two neighbours
 * swapped, or (in a single word) a vowel written as another vowel; never the first letter. A letter
 * left out between two the same leaves one, as the normaliser would fold them.
 */
export function misspellings(word: string, words = 1): string[] {
  const variants: string[] = [];
  for (let i = 1; i < word.length; i++) {
    const before = word.slice(0, i);
    const after = word.slice(i + 1);
    variants.push(word[i - 1] === word[i + 1] ? before + word.slice(i + 2) : before + after);
    if (i + 1 < word.length && word[i] !== word[i + 1]) {
      const swapped = before + (word[i + 1] ?? '') + (word[i] ?? '') + word.slice(i + 2);
      if (word[i - 1] !== word[i + 1] && word[i] !== word[i + 2]) variants.push(swapped);
    }
    // Wrong vowels only in single words: in a phrase they multiply the patterns for little gain.
    if (words === 1 && VOWELS.includes(word[i] ?? '')) {
      for (const v of VOWELS) if (v !== word[i] && v !== word[i - 1] && v !== word[i + 1]) variants.push(before + v + after);
    }
  }
  return variants;
}

const VOWELS = String.fromCharCode(...(normaliseTerm('a e i o u')?.classes ?? []));
const ARABIC_CONJUNCTIONS = ['و', 'ف'].map((c) => String.fromCharCode(...(normaliseTerm(c)?.classes ?? [])));
/** Letter classes of the Arabic script (Arabic and Urdu). */
const ARABIC_CLASSES = new Set(normaliseTerm('ابتثجحخدذرزسشصضطظعغفقكلمنهوي پچژگٹڈڑ')?.classes ?? []);

interface Span {
  start: number;
  end: number;
}

interface Compiled {
  automaton: Automaton;
  automatonToPatterns: readonly (readonly number[])[];
  patterns: readonly Pattern[];
  nearGroups: readonly NearGroup[];
  markerFrames: readonly ContextFrame[];
  defusers: readonly Defuser[];
  entries: readonly LexiconEntry[];
}

/** Context words found, as flat quadruples (marker, token, start, end), reused between texts. */
interface MarkerBuffer {
  data: Int32Array;
  count: number;
}

function collect(raw: HitBuffer, text: ReturnType<typeof normaliseText>, compiled: Compiled, found: MarkerBuffer): Analysis {
  const { automaton, automatonToPatterns, patterns, nearGroups, markerFrames, defusers, entries } = compiled;
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
  const near = createNearTracker(nearGroups);
  const defuseSpans: (Span & { defuser: number })[] = [];

  for (let r = 0; r < raw.count * 2; r += 2) {
    const end = raw.data[r + 1] ?? 0;
    const length = automaton.patternLength[raw.data[r] ?? 0] ?? 0;
    const start = end - length + 1;
    for (const id of automatonToPatterns[raw.data[r] ?? 0] ?? []) {
      const pattern = patterns[id];
      if (!pattern || !fits(pattern, start, end, flags)) continue;
      for (const payload of pattern.payloads) {
        switch (payload.kind) {
          case 'risk':
            if (risks.length < MAX_RISK_HITS)
              risks.push({ entry: payload.entry, term: payload.term, fuzzy: payload.fuzzy, token: tokenAt(start), start, end });
            break;
          case 'near':
            near.see(payload.group, payload.part, tokenAt(start), start, end);
            break;
          case 'defuse':
            defuseSpans.push({ defuser: payload.defuser, start, end });
            break;
          case 'marker':
            if (found.count < MAX_MARKERS) {
              if (found.count * 4 + 4 > found.data.length) {
                const bigger = new Int32Array(found.data.length * 2);
                bigger.set(found.data);
                found.data = bigger;
              }
              found.data.set([payload.marker, tokenAt(start), start, end], found.count * 4);
              found.count++;
            }
            break;
        }
      }
    }
  }
  for (const hit of near.found) if (risks.length < MAX_RISK_HITS) risks.push(hit);

  let defused = 0;
  const survivors: (RiskHit & Span)[] = [];
  for (const hit of risks) {
    const category = entries[hit.entry]?.category;
    const cancelled = defuseSpans.some((d) => {
      const categories = defusers[d.defuser]?.categories;
      return d.start <= hit.end && hit.start <= d.end && (!categories || (category !== undefined && categories.includes(category)));
    });
    if (cancelled) defused++;
    else survivors.push(hit);
  }
  // Overlapping matches of one category are one thing the pupil wrote ("anfon lluniau noeth o" holds
  // two terms): keep the weightiest (exact over misspelt, then higher severity, then longer).
  const rank = (h: RiskHit & Span) =>
    (h.fuzzy ? 0 : 1000) + SEVERITY_RANK[entries[h.entry]?.severity ?? 'low'] * 100 + Math.min(99, h.end - h.start);
  survivors.sort((a, b) => rank(b) - rank(a));
  const kept: (RiskHit & Span)[] = [];
  const keptAt = new Map<string, Span[]>(); // by category, for the overlap check
  for (const hit of survivors) {
    const category = entries[hit.entry]?.category ?? '';
    const same = keptAt.get(category) ?? [];
    if (same.some((k) => k.start <= hit.end && hit.start <= k.end)) continue;
    same.push(hit);
    keptAt.set(category, same);
    kept.push(hit);
  }
  const hits: RiskHit[] = kept.map(({ entry, term, token, fuzzy }) => ({ entry, term, token, fuzzy }));
  hits.sort((a, b) => a.token - b.token);
  // A context word inside a risk phrase is part of it, not context ("genocide" in "white genocide").
  // Context words count only near a risk match (scoring looks no further): plain pages build none.
  const markers: MarkerHit[] = [];
  const keptTokens = hits.map((h) => h.token);
  const keptStarts = kept.map((k) => k.start).sort((a, b) => a - b);
  const keptByStart = [...kept].sort((a, b) => a.start - b.start);
  for (let m = 0; m < found.count * 4 && kept.length > 0; m += 4) {
    const marker = found.data[m] ?? 0;
    const token = found.data[m + 1] ?? 0;
    const start = found.data[m + 2] ?? 0;
    const end = found.data[m + 3] ?? 0;
    const nearest = upperBound(keptTokens, token + MARKER_REACH) - 1;
    if (nearest < 0 || (keptTokens[nearest] ?? 0) < token - MARKER_REACH) continue;
    // Kept matches that start at or before the marker ends, nearest first; matches are short.
    let inside = false;
    for (let i = upperBound(keptStarts, end) - 1; i >= 0 && (keptByStart[i]?.start ?? 0) >= start - MAX_MATCH_SPAN; i--) {
      if ((keptByStart[i]?.end ?? -1) >= start) {
        inside = true;
        break;
      }
    }
    if (!inside) markers.push({ frame: markerFrames[marker] ?? 'teaching', marker, token });
  }
  // Scoring looks markers up by word: in word order (the scan reports them by where they end).
  markers.sort((a, b) => a.token - b.token);
  return { tokens: tokenCount, hits, markers, defused };
}

const SEVERITY_RANK = { low: 0, medium: 1, high: 2 } as const;
/** How far (in words) from a risk match a context word can matter: scoring's window plus its reach. */
const MARKER_REACH = WINDOW_TOKENS + CONTEXT_REACH;
/** No match is longer than this many letters (a word set spans at most NEAR_WINDOW words). */
const MAX_MATCH_SPAN = 4096;

/** The index of the first value greater than `value` in ascending `values`. */
function upperBound(values: readonly number[], value: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((values[mid] ?? 0) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether a pattern found at [start, end] sits on the word boundaries it needs. */
function fits(pattern: Pattern, start: number, end: number, flags: Uint8Array): boolean {
  if (!pattern.openStart && !((flags[start] ?? 0) & TOKEN_START)) return false;
  if (!pattern.openEnd && !((flags[end] ?? 0) & TOKEN_END)) return false;
  const mayCross = pattern.tokens > 1 || pattern.length >= MIN_SPLIT_WORD;
  let crossed = false;
  let spelledOut = true; // every letter its own word: s u i c i d e, s.u.i.c.i.d.e
  for (let i = start + 1; i <= end; i++) {
    const f = flags[i] ?? 0;
    if (f & SENTENCE_START) return false;
    if (f & TOKEN_START) crossed = true;
    else spelledOut = false;
  }
  return !crossed || mayCross || spelledOut;
}

/**
 * Word sets, followed as the scan reports their words (in text order): for each set, where each of
 * its words was last seen. When every word of a set has been seen within NEAR_WINDOW words of the
 * latest, the set matches, and starts afresh. Constant work per word found, however common the word.
 */
function createNearTracker(groups: readonly NearGroup[]) {
  const state = new Map<number, { token: Int32Array; start: Int32Array; end: Int32Array }>();
  const found: (RiskHit & Span)[] = [];
  return {
    found,
    see(groupIndex: number, part: number, token: number, start: number, end: number) {
      const group = groups[groupIndex];
      if (!group) return;
      let s = state.get(groupIndex);
      if (!s) {
        s = { token: new Int32Array(group.parts).fill(-1_000_000), start: new Int32Array(group.parts), end: new Int32Array(group.parts) };
        state.set(groupIndex, s);
      }
      s.token[part] = token;
      s.start[part] = start;
      s.end[part] = end;
      let first = token;
      for (let p = 0; p < group.parts; p++) {
        const t = s.token[p] ?? -1_000_000;
        if (token - t > NEAR_WINDOW) return;
        first = Math.min(first, t);
      }
      found.push({
        entry: group.entry,
        term: group.term,
        fuzzy: false,
        token: first,
        start: Math.min(...s.start),
        end: Math.max(...s.end),
      });
      s.token.fill(-1_000_000);
    },
  };
}

/** The folded form of a term, as the matcher sees it (for tests and the status page). */
export function foldedTerm(term: string): string {
  const normalised = normaliseTerm(term);
  return normalised ? foldedString(normalised.classes) : '';
}
