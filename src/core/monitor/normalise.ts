/**
 * Text normalisation for monitoring: the one place where pupils' spellings are folded, so that the
 * lexicon and the text meet in the same form. Applied to lexicon terms when the matcher is compiled
 * and to every query, prompt and page text when it is checked.
 *
 * What it undoes: case; diacritics (Polish, Romanian, Welsh); Cyrillic look-alike letters; digits and
 * symbols standing in for letters inside a word (`k1ll`, `$uicide`, `@nal`); letters repeated for
 * emphasis (`diiieee`); sounds spelt more than one way in English (`c`/`k`/`s`, `z`/`s`, `ph`/`f`,
 * `y`/`i`); Arabic and Urdu letter variants and vowel marks; apostrophes and invisible characters
 * inside a word. Word boundaries are kept as flags beside the letters rather than as characters, so
 * the matcher can find `killmyself` and `kill my self` with one pattern and still refuse to find
 * `rapist` inside `therapist`.
 */

/** Letters after folding: the matcher's alphabet. Class 0 is never used for a letter. */
const LATIN_LETTERS = 'abdefghijklmnoprstuvwx';
/** Arabic-script letters after folding (Arabic and Urdu share most; Urdu adds seven). */
const ARABIC_LETTERS = 'ابتثجحخدذرزسشصضطظعغفقكلمنهوي' + 'پچژگٹڈڑ';

/** How many letter classes there are, plus one (class 0 is unused): the automaton's alphabet size. */
export const ALPHABET_SIZE = 1 + LATIN_LETTERS.length + ARABIC_LETTERS.length;

/** Flags beside each letter of a normalised text. */
export const TOKEN_START = 1;
export const TOKEN_END = 2;
/** The token begins a new sentence (after `.`, `!`, `?` or a line break): phrases never span it. */
export const SENTENCE_START = 4;

// What each UTF-16 code unit is, before a word is assembled.
const SEPARATOR = 0;
const IGNORED = 1; // inside a word, leaves no trace: apostrophes, zero-width characters, vowel marks
const LEET = 2; // a digit or symbol that stands for a letter when it sits inside a word
const SENTENCE_END = 3; // a separator that also ends a sentence
/** Above this, the value is a folded letter's code point (Latin a–z, or an Arabic-script letter). */
const LETTER_BASE = 16;

const kind = new Uint16Array(65536);
const leetLetter = new Uint16Array(128);
const classOf = new Uint8Array(65536);

function setLetter(code: number, folded: string): void {
  kind[code] = folded.charCodeAt(0);
}

function buildTables(): void {
  LATIN_LETTERS.split('').forEach((ch, i) => (classOf[ch.charCodeAt(0)] = 1 + i));
  ARABIC_LETTERS.split('').forEach((ch, i) => (classOf[ch.charCodeAt(0)] = 1 + LATIN_LETTERS.length + i));
  // Latin, with diacritics stripped by canonical decomposition (ą → a, ș → s, ŵ → w, ñ → n).
  const latinRanges: [number, number][] = [
    [0x41, 0x5a],
    [0x61, 0x7a],
    [0xc0, 0x24f],
    [0x1e00, 0x1eff],
    [0xff21, 0xff3a],
    [0xff41, 0xff5a],
  ];
  for (const [from, to] of latinRanges) {
    for (let code = from; code <= to; code++) {
      const base = String.fromCharCode(code).normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
      if (base.length >= 1 && base.charCodeAt(0) >= 0x61 && base.charCodeAt(0) <= 0x7a) setLetter(code, base[0] ?? '');
    }
  }
  // Letters without a decomposition, and Cyrillic letters that look Latin (a common disguise).
  const extra: Record<string, string> = {
    ł: 'l',
    Ł: 'l',
    đ: 'd',
    Đ: 'd',
    ø: 'o',
    Ø: 'o',
    ß: 's',
    æ: 'a',
    Æ: 'a',
    œ: 'o',
    Œ: 'o',
    ı: 'i',
    а: 'a',
    А: 'a',
    е: 'e',
    Е: 'e',
    о: 'o',
    О: 'o',
    р: 'p',
    Р: 'p',
    с: 'c',
    С: 'c',
    у: 'y',
    х: 'x',
    Х: 'x',
    і: 'i',
    І: 'i',
    к: 'k',
    К: 'k',
    м: 'm',
    М: 'm',
    т: 't',
    Т: 't',
    н: 'h',
    Н: 'h',
    в: 'b',
    В: 'b',
  };
  for (const [from, to] of Object.entries(extra)) setLetter(from.charCodeAt(0), to);

  // Arabic script: the letters themselves, then their variants folded onto them.
  for (const ch of ARABIC_LETTERS) setLetter(ch.charCodeAt(0), ch);
  const arabicFolds: Record<string, string> = {
    أ: 'ا',
    إ: 'ا',
    آ: 'ا',
    ٱ: 'ا',
    ى: 'ي',
    ی: 'ي',
    ے: 'ي',
    ئ: 'ي',
    ة: 'ه',
    ہ: 'ه',
    ھ: 'ه',
    ۃ: 'ه',
    ۀ: 'ه',
    ؤ: 'و',
    ک: 'ك',
    ں: 'ن',
  };
  for (const [from, to] of Object.entries(arabicFolds)) setLetter(from.charCodeAt(0), to);
  // Presentation forms (used by some PDFs and old pages) decompose to the base letters.
  for (const [from, to] of [
    [0xfb50, 0xfdff],
    [0xfe70, 0xfeff],
  ] as const) {
    for (let code = from; code <= to; code++) {
      const base = String.fromCharCode(code).normalize('NFKD');
      if (base.length !== 1) continue;
      const folded = kind[base.charCodeAt(0)] ?? 0;
      if (folded >= LETTER_BASE) kind[code] = folded;
    }
  }

  // Marks and characters that vanish inside a word.
  const ignored = [0x27, 0x2019, 0x2018, 0x2bc, 0x60, 0xb4, 0xad, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x640, 0x621, 0x670];
  for (const code of ignored) kind[code] = IGNORED;
  for (let code = 0x300; code <= 0x36f; code++) kind[code] = IGNORED; // combining diacritics
  for (let code = 0x64b; code <= 0x65f; code++) kind[code] = IGNORED; // Arabic vowel marks
  for (let code = 0x6d6; code <= 0x6ed; code++) kind[code] = IGNORED; // Quranic annotation marks

  const leets: Record<string, string> = {
    '0': 'o',
    '1': 'i',
    '3': 'e',
    '4': 'a',
    '5': 's',
    '7': 't',
    '8': 'b',
    '@': 'a',
    $: 's',
    '!': 'i',
    '|': 'l',
    '€': 'e',
  };
  for (const [from, to] of Object.entries(leets)) {
    const code = from.charCodeAt(0);
    kind[code] = LEET;
    if (code < 128) leetLetter[code] = to.charCodeAt(0);
  }
  kind[0x20ac] = LEET;
  for (const ch of '.?\n\r\u2029\u3002\u06d4\u061f') kind[ch.charCodeAt(0)] = SENTENCE_END;
}
buildTables();

const isLatin = (code: number) => code >= 0x61 && code <= 0x7a;
const E = 0x65;
const I = 0x69;
const Y = 0x79;
const H = 0x68;

/** A normalised text: one class per letter, with token flags and where each token starts. */
export interface NormalisedText {
  /** Letter classes (1 … ALPHABET_SIZE − 1); only the first `length` entries are used. */
  classes: Uint8Array;
  /** TOKEN_START / TOKEN_END / SENTENCE_START per letter. */
  flags: Uint8Array;
  length: number;
  /** Position (in letters) where each token starts; only the first `tokenCount` are used. */
  tokenStarts: Int32Array;
  tokenCount: number;
}

/** Reusable buffers, so checking many texts in a row allocates nothing after the first. */
export interface NormaliseBuffers {
  classes: Uint8Array;
  flags: Uint8Array;
  tokenStarts: Int32Array;
}

export function createBuffers(capacity: number): NormaliseBuffers {
  return { classes: new Uint8Array(capacity), flags: new Uint8Array(capacity), tokenStarts: new Int32Array(capacity) };
}

const word = new Uint16Array(4096);

/**
 * Normalises `text` (at most `maxChars` of it) into letter classes and token flags. One pass over the
 * text with a table look-up per character, then a short pass over each word for the folding that
 * needs its neighbours (`c` before `e`, `ph`, repeated letters).
 */
export function normaliseText(text: string, maxChars = text.length, buffers?: NormaliseBuffers): NormalisedText {
  const limit = Math.min(maxChars, text.length);
  const out = buffers && buffers.classes.length >= limit ? buffers : createBuffers(Math.max(16, limit));
  const { classes, flags, tokenStarts } = out;
  let length = 0;
  let tokenCount = 0;
  let sentenceBreak = true;
  let lastWordLength = 0;
  let i = 0;
  while (i < limit) {
    const k = kind[text.charCodeAt(i)] ?? SEPARATOR;
    if (k === SEPARATOR || k === SENTENCE_END) {
      // A full stop between letters (s.u.i.c.i.d.e) is only a separator; followed by space it ends a sentence.
      if (k === SENTENCE_END && !(i + 1 < limit && (kind[text.charCodeAt(i + 1)] ?? 0) >= LETTER_BASE)) sentenceBreak = true;
      i++;
      continue;
    }
    // A word: letters, look-alike symbols and ignorable marks, up to the next separator.
    let n = 0;
    let letters = 0;
    while (i < limit) {
      const c = text.charCodeAt(i);
      const kc = kind[c] ?? SEPARATOR;
      if (kc === SEPARATOR || kc === SENTENCE_END) break;
      if (kc >= LETTER_BASE) {
        if (n < word.length) word[n++] = kc;
        letters++;
      } else if (kc === LEET && n < word.length) {
        // Marked for now (high bit); decided below once we know whether the word has letters.
        word[n++] = 0x8000 | c;
      }
      i++;
    }
    if (letters === 0 || n === 0) continue; // numbers and symbols alone are not words
    // A word spelled out letter by letter (s.u.i.c.i.d.e): a lone "c" is soft before a lone e, i or y.
    const softC = n === 1 && word[0] === 0x63 && isSoftNext(text, i, limit);
    let end = foldWord(n);
    if (softC) word[0] = 0x73;
    if (end === 0) continue;
    // Text speak: "kill urself" is "kill yourself" (not inside a word spelled out letter by letter).
    if (end <= MAX_SPEAK && !(end === 1 && (lastWordLength === 1 || nextIsLoneLetter(text, i, limit)))) end = expandSpeak(end);
    lastWordLength = end;
    if (length + end > classes.length) break;
    tokenStarts[tokenCount++] = length;
    for (let j = 0; j < end; j++) {
      classes[length + j] = classOf[word[j] ?? 0] ?? 0;
      flags[length + j] = 0;
    }
    flags[length] = TOKEN_START | (sentenceBreak ? SENTENCE_START : 0);
    flags[length + end - 1] = (flags[length + end - 1] ?? 0) | TOKEN_END;
    length += end;
    sentenceBreak = false;
  }
  return { classes, flags, length, tokenStarts, tokenCount };
}

/** Whether the text at `i` is one separator, then a letter standing alone. */
function nextIsLoneLetter(text: string, i: number, limit: number): boolean {
  if (i + 1 >= limit) return false;
  const next = kind[text.charCodeAt(i + 1)] ?? SEPARATOR;
  const after = i + 2 < limit ? (kind[text.charCodeAt(i + 2)] ?? SEPARATOR) : SEPARATOR;
  return next >= LETTER_BASE && after < LETTER_BASE;
}

/** Common text-speak spellings and what they stand for (folded at start-up like any text). */
const TEXT_SPEAK: Record<string, string> = {
  u: 'you',
  ya: 'you',
  ur: 'your',
  ure: 'youre',
  urself: 'yourself',
  urs: 'yours',
  ppl: 'people',
  pls: 'please',
  plz: 'please',
  coz: 'because',
  cuz: 'because',
  bc: 'because',
  rn: 'right now',
  tmrw: 'tomorrow',
  tmr: 'tomorrow',
  tonite: 'tonight',
  nite: 'night',
  luv: 'love',
  msg: 'message',
  pix: 'pics',
};
const MAX_SPEAK = 6;
/** Keyed by the short word's letters packed into a number (no string per word of text). */
const speak = new Map<number, string>();

function packed(letters: string): number {
  let key = 0;
  for (let j = 0; j < letters.length; j++) key = key * 128 + (letters.charCodeAt(j) & 127);
  return key;
}

/** First letters of text-speak words, as bits (a–z): most words are ruled out by one test. */
let speakFirst = 0;

/** Replaces word[0..end) by its text-speak expansion, if it has one; returns the new length. */
function expandSpeak(end: number): number {
  const first = (word[0] ?? 0) - 0x61;
  if (first < 0 || first > 25 || !(speakFirst & (1 << first))) return end;
  let key = 0;
  for (let j = 0; j < end; j++) {
    const w = word[j] ?? 0;
    if (w > 127) return end; // only Latin words have text speak
    key = key * 128 + w;
  }
  const expansion = speak.get(key);
  if (expansion === undefined) return end;
  for (let j = 0; j < expansion.length; j++) word[j] = expansion.charCodeAt(j);
  return expansion.length;
}

/** A raw word's folded letters, as normaliseText would make them. */
function foldRaw(raw: string): string {
  let n = 0;
  for (const ch of raw) {
    const k = kind[ch.charCodeAt(0)] ?? SEPARATOR;
    if (k >= LETTER_BASE) word[n++] = k;
    else if (k === LEET) word[n++] = 0x8000 | ch.charCodeAt(0);
  }
  const end = foldWord(n);
  let out = '';
  for (let j = 0; j < end; j++) out += String.fromCharCode(word[j] ?? 0);
  return out;
}
for (const [short, long] of Object.entries(TEXT_SPEAK)) {
  // Expansions of one word only: a phrase ("right now") stays as it was written.
  if (long.includes(' ')) continue;
  const folded = foldRaw(short);
  speak.set(packed(folded), foldRaw(long));
  speakFirst |= 1 << (folded.charCodeAt(0) - 0x61);
}

/** Whether the text at `i` is one separator, then a lone e, i or y. */
function isSoftNext(text: string, i: number, limit: number): boolean {
  if (i + 1 >= limit) return false;
  const next = kind[text.charCodeAt(i + 1)] ?? SEPARATOR;
  const after = i + 2 < limit ? (kind[text.charCodeAt(i + 2)] ?? SEPARATOR) : SEPARATOR;
  return (next === E || next === I || next === Y) && after < LETTER_BASE;
}

/** Folds `word[0..n)` in place; returns the new length. */
function foldWord(n: number): number {
  // Symbols standing for letters: only between or beside letters (a trailing "!" is punctuation).
  let m = 0;
  for (let j = 0; j < n; j++) {
    const w = word[j] ?? 0;
    if (w & 0x8000) {
      const raw = w & 0x7fff;
      const next = j + 1 < n ? (word[j + 1] ?? 0) : 0;
      const prev = m > 0 ? (word[m - 1] ?? 0) : 0;
      if ((raw === 0x21 || raw === 0x7c) && !(next !== 0 && !(next & 0x8000) && isLatin(next))) continue;
      if (!(prev !== 0 && isLatin(prev)) && !(next !== 0 && (next & 0x8000 || isLatin(next)))) continue;
      const letter = raw < 128 ? (leetLetter[raw] ?? 0) : E;
      if (letter === 0) continue;
      word[m++] = letter;
    } else {
      word[m++] = w;
    }
  }
  // English spelling variants: c → s before e/i/y, else k; q → k; z → s; y → i; ph → f.
  let out = 0;
  for (let j = 0; j < m; j++) {
    let w = word[j] ?? 0;
    if (isLatin(w)) {
      const next = j + 1 < m ? (word[j + 1] ?? 0) : 0;
      if (w === 0x63) w = next === E || next === I || next === Y ? 0x73 : 0x6b;
      else if (w === 0x71) w = 0x6b;
      else if (w === 0x7a) w = 0x73;
      else if (w === Y) w = I;
      else if (w === 0x70 && next === H) {
        w = 0x66;
        j++;
      }
    }
    // Repeated letters count once (diiie, killl, sooo).
    if (out > 0 && word[out - 1] === w) continue;
    word[out++] = w;
  }
  return out;
}

let termBuffers = createBuffers(256);

/** A lexicon term, normalised: its letters and where its tokens start. */
export interface NormalisedTerm {
  classes: number[];
  tokens: number;
  /** `*` at the start: the match may begin inside a word (Arabic clitics: `*انتحار` also finds `الانتحار`). */
  openStart: boolean;
  /** `*` at the end: the match may end inside a word (`suicid*` finds suicidal). */
  openEnd: boolean;
}

/** Normalises a lexicon term (with optional leading/trailing `*`) exactly as text is normalised. */
export function normaliseTerm(term: string): NormalisedTerm | null {
  const trimmed = term.trim();
  const openStart = trimmed.startsWith('*');
  const openEnd = trimmed.endsWith('*') && trimmed.length > 1;
  const body = trimmed.slice(openStart ? 1 : 0, openEnd ? -1 : undefined);
  if (termBuffers.classes.length < body.length) termBuffers = createBuffers(body.length);
  const normalised = normaliseText(body, body.length, termBuffers);
  if (normalised.length === 0) return null;
  return {
    classes: Array.from(normalised.classes.subarray(0, normalised.length)),
    tokens: normalised.tokenCount,
    openStart,
    openEnd,
  };
}

/** The folded letters of a normalised text or term, as a readable string (for tests and messages). */
export function foldedString(classes: ArrayLike<number>, length = classes.length): string {
  const alphabet = LATIN_LETTERS + ARABIC_LETTERS;
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[(classes[i] ?? 1) - 1] ?? '?';
  return s;
}
