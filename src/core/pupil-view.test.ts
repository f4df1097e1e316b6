import { describe, expect, it } from 'vitest';
import { CATEGORIES } from './categories';
import { KEY_STAGES } from './key-stages';
import { AGE_BANDS, canLessonUnlock, canRequestUnblock, helpLinesFor, reasonTopic } from './pupil-view';

describe('pupil view choices', () => {
  it('gives every category a child-friendly topic that is not its code', () => {
    for (const category of CATEGORIES) {
      const topic = reasonTopic({ kind: 'category', category });
      expect(topic).toBeTruthy();
    }
    expect(reasonTopic({ kind: 'category', category: 'pornography' })).toBe('adult');
    expect(reasonTopic({ kind: 'reported' })).toBe('reported');
  });
  it('bands key stages by age', () => {
    expect(KEY_STAGES.map((k) => AGE_BANDS[k])).toEqual(['young', 'young', 'middle', 'older', 'older', 'older', 'staff']);
  });
  it('shows help lines right for the age: CEOP only for older pupils, none for the youngest', () => {
    expect(helpLinesFor('young')).toEqual([]);
    expect(helpLinesFor('middle')).toEqual(['childline']);
    expect(helpLinesFor('older')).toContain('ceop');
    expect(helpLinesFor('staff')).toEqual(['dsl']);
  });
  it('never offers unblocking illegal content or a pupil report', () => {
    expect(canRequestUnblock('older', { kind: 'category', category: 'games' })).toBe(true);
    expect(canRequestUnblock('middle', { kind: 'category', category: 'games' })).toBe(false);
    expect(canRequestUnblock('staff', { kind: 'category', category: 'illegal' })).toBe(false);
    expect(canLessonUnlock({ kind: 'category', category: 'illegal' })).toBe(false);
    expect(canLessonUnlock({ kind: 'reported' })).toBe(false);
    expect(canLessonUnlock({ kind: 'school' })).toBe(true);
  });
});
