import { describe, expect, it } from 'vitest';
import { foldedString, normaliseTerm, normaliseText, SENTENCE_START, TOKEN_END, TOKEN_START } from './normalise';

/** The normalised text as words, for reading in assertions. */
function words(text: string): string[] {
  const n = normaliseText(text);
  const out: string[] = [];
  for (let i = 0; i < n.length; i++) {
    if ((n.flags[i] ?? 0) & TOKEN_START) out.push('');
    out[out.length - 1] += foldedString([n.classes[i] ?? 0]);
  }
  return out;
}

describe('normaliseText', () => {
  it('folds case, diacritics and Polish, Romanian and Welsh letters', () => {
    expect(words('ZABIĆ SIĘ')).toEqual(words('zabic sie'));
    expect(words('să mă sinucid')).toEqual(words('sa ma sinucid'));
    expect(words('şi ţară ș ț')).toEqual(words('si tara s t'));
    expect(words('ŵ ŷ ẁ łódź')).toEqual(words('w y w lodz'));
  });

  it('reads digits and symbols inside a word as the letters they stand for', () => {
    expect(words('k1ll mys3lf')).toEqual(words('kill myself'));
    expect(words('$uicide')).toEqual(words('suicide'));
    expect(words('@nal')).toEqual(words('anal'));
    expect(words('k!ll')).toEqual(words('kill'));
    expect(words('p0rn')).toEqual(words('porn'));
  });

  it('keeps numbers on their own out, and punctuation after a word is not a letter', () => {
    expect(words('in 2024 i said die!')).toEqual(words('in i said die'));
    expect(words('what?!')).toEqual(words('what'));
  });

  it('counts a repeated letter once', () => {
    expect(words('diiiieeeee')).toEqual(words('die'));
    expect(words('killlll meeee')).toEqual(words('kill me'));
  });

  it('folds English spellings of one sound together', () => {
    expect(words('suicide')).toEqual(words('suiside'));
    expect(words('kocaine')).toEqual(words('cocaine'));
    expect(words('fone')).toEqual(words('phone'));
    expect(words('crazy')).toEqual(words('krasi'));
  });

  it('sees through Cyrillic look-alike letters and invisible characters', () => {
    expect(words('sеx')).toEqual(words('sex')); // Cyrillic е
    expect(words('ki\u200bll')).toEqual(words('kill'));
    expect(words("don't")).toEqual(words('dont'));
  });

  it('folds Arabic and Urdu letter forms and drops vowel marks', () => {
    expect(words('أريد')).toEqual(words('اريد'));
    expect(words('إِنْتِحَار')).toEqual(words('انتحار'));
    expect(words('جرعة')).toEqual(words('جرعه'));
    expect(words('خودکشی')).toEqual(words('خودكشي'));
    expect(words('ہے')).toEqual(words('هي'));
  });

  it('marks word starts and ends, and sentence starts after a full stop but not inside s.u.i.c.i.d.e', () => {
    const n = normaliseText('kill. me s.u.i');
    expect(n.tokenCount).toBe(5);
    const starts = Array.from(n.flags.subarray(0, n.length)).map((f) => f & TOKEN_START);
    expect(starts.filter(Boolean)).toHaveLength(5);
    // "kill" is "kil": letters 0–2, then "me" at 3–4, then s, u, i.
    expect((n.flags[2] ?? 0) & TOKEN_END).toBe(TOKEN_END);
    expect((n.flags[3] ?? 0) & SENTENCE_START).toBe(SENTENCE_START);
    // "s.u.i": the dots are not sentence ends.
    expect(Array.from(n.flags.subarray(5, n.length)).some((f) => f & SENTENCE_START)).toBe(false);
  });

  it('reads at most maxChars', () => {
    expect(normaliseText('one two three', 7).tokenCount).toBe(2);
  });
});

describe('normaliseTerm', () => {
  it('reads open ends and counts words', () => {
    expect(normaliseTerm('suicid*')).toMatchObject({ openEnd: true, openStart: false, tokens: 1 });
    expect(normaliseTerm('*انتحار')).toMatchObject({ openStart: true, openEnd: false });
    expect(normaliseTerm('kill my self')?.tokens).toBe(3);
    expect(normaliseTerm('123')).toBeNull();
  });
});
