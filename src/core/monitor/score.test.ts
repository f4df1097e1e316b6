import { describe, expect, it } from 'vitest';
import { builtinSource } from './builtin-lexicon';
import { createChecker } from './checker';
import { severityAtLeast, soften, WINDOW_TOKENS } from './score';

const checker = createChecker(builtinSource());
const filler = (words: number) =>
  Array.from({ length: words }, (_, i) => ['the', 'river', 'flows', 'past', 'our', 'town', 'every', 'spring'][i % 8]).join(' ');

describe('severity helpers', () => {
  it('soften goes down and stops at low; severityAtLeast orders them', () => {
    expect(soften('high', 1)).toBe('medium');
    expect(soften('high', 5)).toBe('low');
    expect(severityAtLeast('medium', 'high')).toBe(false);
    expect(severityAtLeast('high', 'medium')).toBe(true);
  });
});

describe('queries', () => {
  it('intent or method stands whatever else the query says', () => {
    expect(checker.query('how to kill myself history essay')).toMatchObject({ category: 'self-harm', severity: 'high' });
  });

  it('a topic word is softened by a word that makes it a question about the topic', () => {
    expect(checker.query('anorexia')).toMatchObject({ severity: 'medium' });
    expect(checker.query('anorexia symptoms')).toMatchObject({ severity: 'low' });
    expect(checker.query('nazi germany history')).toMatchObject({ severity: 'low' });
  });

  it('names the lexicon term, never the query', () => {
    const verdict = checker.query('pls how do i kill myself tonight my name is sam');
    const entry = checker.matcher.entries.find((e) => e.id === verdict?.entryId);
    expect([...(entry?.terms ?? []), ...(entry?.near ?? []).map((set) => set.join(' + '))]).toContain(verdict?.term);
    expect(JSON.stringify(verdict)).not.toContain('sam');
  });

  it('nothing at all for an ordinary query', () => {
    expect(checker.query('how to draw a cat')).toBeNull();
  });
});

describe('page text: density and context', () => {
  it('one topic word in an article is not an alert', () => {
    const verdict = checker.page(`${filler(150)} cannabis ${filler(150)}`);
    expect(verdict === null || verdict.severity === 'low').toBe(true);
  });

  it('a harmful paragraph inside a long ordinary page is found by its window', () => {
    const page = `${filler(3000)} honestly i want to die, i have nothing to live for and i will end it all tonight ${filler(3000)}`;
    expect(checker.page(page)).toMatchObject({ category: 'self-harm', severity: 'high' });
  });

  it('context words near a quoted phrase soften it; far away they do not', () => {
    const teaching =
      'Lesson: warning signs. Pupils discuss what to do if a friend says "I want to die". Tell a trusted adult, Childline or Samaritans.';
    expect(checker.page(teaching)?.severity ?? 'low').toBe('low');
    const far = `Lesson: warning signs. Pupils discuss Childline and Samaritans. ${filler(WINDOW_TOKENS * 3)} i want to die`;
    expect(checker.page(far)).toMatchObject({ category: 'self-harm', severity: 'high' });
  });

  it('a context word repeated many times counts once', () => {
    const text = `${'lesson '.repeat(50)} go kill yourself, nobody likes you`;
    expect(checker.page(text)).toMatchObject({ category: 'bullying', severity: 'high' });
  });

  it('medium needs weight: two different signals in a short message, not one', () => {
    expect(checker.page('you are such a loser')?.severity ?? 'low').toBe('low');
    expect(checker.page('you are such a loser, freak')).toMatchObject({ category: 'bullying', severity: 'medium' });
  });

  it('a score is a density: weighted matches per 100 words', () => {
    const verdict = checker.page('go kill yourself');
    expect(verdict?.score).toBeGreaterThan(0);
    expect(verdict?.score).toBeLessThan(100);
  });
});
