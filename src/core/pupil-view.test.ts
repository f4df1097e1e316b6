import { describe, expect, it } from 'vitest';
import { ALERT_CATEGORIES } from './alert-categories';
import { CATEGORIES, PUPIL_FLOOR_CATEGORIES } from './categories';
import { KEY_STAGES } from './key-stages';
import { AGE_BANDS, canLessonUnlock, canRequestUnblock, helpLinesFor, reasonTopic, supportFirst } from './pupil-view';

describe('pupil view choices', () => {
  it('gives every category and alert a child-friendly topic that is not its code', () => {
    for (const category of CATEGORIES) expect(reasonTopic({ kind: 'category', category })).toBeTruthy();
    for (const category of ALERT_CATEGORIES) expect(reasonTopic({ kind: 'alert', category })).toBeTruthy();
    expect(reasonTopic({ kind: 'category', category: 'pornography' })).toBe('adult');
    expect(reasonTopic({ kind: 'alert', category: 'eating-disorders' })).toBe('eating');
    expect(reasonTopic({ kind: 'reported' })).toBe('reported');
  });
  it('bands key stages by age', () => {
    expect(KEY_STAGES.map((k) => AGE_BANDS[k])).toEqual(['young', 'young', 'middle', 'older', 'older', 'older', 'staff']);
  });
  it('help lines right for the age and the page: adults only for the youngest, Meic beside Childline, none on a calm page', () => {
    const porn = { kind: 'category', category: 'pornography' } as const;
    expect(helpLinesFor('young', 'harmful', porn)).toEqual([]);
    expect(helpLinesFor('middle', 'harmful', porn)).toEqual(['childline', 'meic']);
    expect(helpLinesFor('older', 'harmful', porn)).toEqual(['childline', 'meic', 'ceop']);
    expect(helpLinesFor('older', 'not-for-school', { kind: 'category', category: 'games' })).toEqual([]);
    expect(helpLinesFor('older', 'harmful', { kind: 'alert', category: 'grooming' })).toEqual(['ceop', 'childline', 'meic']);
    expect(helpLinesFor('staff', 'staff', porn)).toEqual(['dsl']);
    expect(helpLinesFor('staff', 'staff', { kind: 'category', category: 'games' })).toEqual([]);
  });
  it('support first for self-harm and eating disorders', () => {
    expect(supportFirst({ kind: 'alert', category: 'self-harm' })).toBe(true);
    expect(supportFirst({ kind: 'category', category: 'self-harm' })).toBe(true);
    expect(supportFirst({ kind: 'category', category: 'gambling' })).toBe(false);
  });
  it('never offers unblocking illegal content, a report or an alert', () => {
    expect(canRequestUnblock('older', { kind: 'category', category: 'games' })).toBe(true);
    expect(canRequestUnblock('middle', { kind: 'category', category: 'games' })).toBe(false);
    expect(canRequestUnblock('staff', { kind: 'category', category: 'illegal' })).toBe(false);
    expect(canRequestUnblock('older', { kind: 'alert', category: 'bullying' })).toBe(false);
  });
  it('no lesson unlock for a floor category for any pupil, nor for illegal content, a report or an alert for anyone', () => {
    for (const stage of KEY_STAGES.filter((k) => k !== 'STAFF')) {
      for (const category of PUPIL_FLOOR_CATEGORIES) expect(canLessonUnlock({ kind: 'category', category }, stage)).toBe(false);
      expect(canLessonUnlock({ kind: 'category', category: 'games' }, stage)).toBe(true);
    }
    expect(canLessonUnlock({ kind: 'category', category: 'malware' }, 'STAFF')).toBe(true);
    expect(canLessonUnlock({ kind: 'category', category: 'illegal' }, 'STAFF')).toBe(false);
    expect(canLessonUnlock({ kind: 'reported' }, 'STAFF')).toBe(false);
    expect(canLessonUnlock({ kind: 'alert', category: 'drugs' }, 'KS5')).toBe(false);
    expect(canLessonUnlock({ kind: 'school' }, 'KS2')).toBe(true);
  });
});
