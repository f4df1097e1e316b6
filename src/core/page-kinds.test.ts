import { describe, expect, it } from 'vitest';
import { CATEGORIES, PUPIL_FLOOR_CATEGORIES } from './categories';
import { ALWAYS_HARMFUL_CATEGORIES, DEFAULT_CATEGORY_PAGE_KINDS, pageKindFor, resolveCategoryPageKinds } from './page-kinds';
import { KEY_STAGES } from './key-stages';

describe('which blocked page a block gets', () => {
  it('harmful content gets the alarm; games, social networks, VPNs and the like a calm page', () => {
    expect(CATEGORIES.filter((c) => DEFAULT_CATEGORY_PAGE_KINDS[c] === 'harmful')).toEqual(ALWAYS_HARMFUL_CATEGORIES);
    expect(ALWAYS_HARMFUL_CATEGORIES).toEqual([
      'illegal',
      'pornography',
      'gambling',
      'drugs',
      'extremism',
      'discrimination',
      'violence',
      'self-harm',
    ]);
    for (const c of ['games', 'social-networks', 'chat', 'webmail', 'dating', 'circumvention', 'malware', 'piracy'] as const) {
      expect(pageKindFor({ kind: 'category', category: c }, 'KS5')).toBe('not-for-school');
    }
    // Every always-harmful category is a floor category: no school setting makes it lighter.
    for (const c of ALWAYS_HARMFUL_CATEGORIES) expect(PUPIL_FLOOR_CATEGORIES).toContain(c);
  });
  it('reports and monitoring alerts are harmful; the school list and approved-sites-only misses calm; staff always plain', () => {
    expect(pageKindFor({ kind: 'reported' }, 'KS1')).toBe('harmful');
    expect(pageKindFor({ kind: 'alert', category: 'self-harm' }, 'KS4')).toBe('harmful');
    expect(pageKindFor({ kind: 'school' }, 'KS2')).toBe('not-for-school');
    expect(pageKindFor({ kind: 'approved-only' }, 'EYFS')).toBe('not-for-school');
    for (const stage of KEY_STAGES) {
      expect(pageKindFor({ kind: 'category', category: 'pornography' }, stage)).toBe(stage === 'STAFF' ? 'staff' : 'harmful');
    }
  });
  it('a school may make any category harmful, and only the movable ones calm', () => {
    const { kinds, refused } = resolveCategoryPageKinds({
      harmful: ['games', 'chat'],
      notForSchool: ['chat', 'gambling', 'circumvention'],
    });
    expect(kinds.games).toBe('harmful');
    // Listed both ways: the safer page.
    expect(kinds.chat).toBe('harmful');
    expect(kinds.gambling).toBe('harmful');
    expect(kinds.circumvention).toBe('not-for-school');
    expect(refused).toEqual(['gambling']);
    expect(pageKindFor({ kind: 'category', category: 'games' }, 'KS3', kinds)).toBe('harmful');
  });
});
