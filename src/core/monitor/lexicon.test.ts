import { describe, expect, it } from 'vitest';
import { ALERT_CATEGORIES, SEVERITIES } from '../alert-categories';
import { TERM_PATTERN } from '../events/schema-v2';
import { DETAIL_STRING_PATTERN } from '../events/schema';
import { BUILTIN_LEXICONS } from './builtin-lexicon';
import { ENTRY_ID_PATTERN, LEXICON_LANGUAGES } from './lexicon';
import { normaliseTerm } from './normalise';

const entries = BUILTIN_LEXICONS.flatMap((l) => l.entries);

describe('the built-in lexicon as data', () => {
  it('has every language the blocked page speaks', () => {
    expect(BUILTIN_LEXICONS.map((l) => l.lang)).toEqual([...LEXICON_LANGUAGES]);
  });

  it('covers every alert category in every language, at high and at medium severity', () => {
    for (const lexicon of BUILTIN_LEXICONS) {
      for (const category of ALERT_CATEGORIES) {
        const severities = new Set(lexicon.entries.filter((e) => e.category === category).map((e) => e.severity));
        expect([...severities].sort(), `${lexicon.lang} ${category}`).toEqual(['high', 'medium']);
      }
    }
  });

  it('gives each entry a unique id that can travel in an event, a severity and terms', () => {
    const ids = entries.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const entry of entries) {
      expect(entry.id).toMatch(ENTRY_ID_PATTERN);
      expect(entry.id).toMatch(DETAIL_STRING_PATTERN);
      expect(entry.id.includes(`-${entry.lang}-`) || (entry.lang === 'en' && /^[a-z]{2}-\d{3}$/.test(entry.id))).toBe(true);
      expect(SEVERITIES).toContain(entry.severity);
      expect(entry.terms.length + (entry.near?.length ?? 0)).toBeGreaterThan(0);
    }
  });

  it('every term has letters and fits the event `term` field (the school may send it)', () => {
    for (const entry of entries) {
      for (const term of [...entry.terms, ...(entry.near ?? []).map((set) => set.join(' + '))]) {
        expect(term, entry.id).toMatch(TERM_PATTERN);
        for (const part of term.split(' + ')) expect(normaliseTerm(part), `${entry.id} "${part}"`).not.toBeNull();
      }
    }
  });

  it('every defusing phrase and context word has letters', () => {
    for (const lexicon of BUILTIN_LEXICONS) {
      for (const phrase of [...lexicon.defusers.flatMap((d) => d.phrases), ...lexicon.markers.flatMap((m) => m.terms)]) {
        expect(normaliseTerm(phrase), `${lexicon.lang} "${phrase}"`).not.toBeNull();
      }
    }
  });
});
