import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHOOL_HOURS, isSchoolTime, londonClock, schoolHoursProblem } from './school-hours';

describe('school hours, UK time', () => {
  it('reads the London clock, in summer time too', () => {
    // Tuesday 24 November 2026, 08:30 UTC = 08:30 GMT.
    expect(londonClock(Date.UTC(2026, 10, 24, 8, 30))).toEqual({ day: 'tue', minutes: 8 * 60 + 30 });
    // Wednesday 1 July 2026, 07:30 UTC = 08:30 BST.
    expect(londonClock(Date.UTC(2026, 6, 1, 7, 30))).toEqual({ day: 'wed', minutes: 8 * 60 + 30 });
    // Sunday 25 October 2026 00:30 UTC = 01:30 BST, the night the clocks go back.
    expect(londonClock(Date.UTC(2026, 9, 25, 0, 30))).toEqual({ day: 'sun', minutes: 90 });
  });
  it('is school time on a school day between the start (inclusive) and the end', () => {
    const hours = { days: ['mon', 'tue', 'wed', 'thu', 'fri'] as const, start: '08:45', end: '15:15' };
    expect(isSchoolTime(hours, Date.UTC(2026, 10, 24, 8, 44))).toBe(false);
    expect(isSchoolTime(hours, Date.UTC(2026, 10, 24, 8, 45))).toBe(true);
    expect(isSchoolTime(hours, Date.UTC(2026, 10, 24, 15, 15))).toBe(false);
    // 14:30 BST is 13:30 UTC.
    expect(isSchoolTime(hours, Date.UTC(2026, 6, 1, 13, 30))).toBe(true);
    // Saturday.
    expect(isSchoolTime(hours, Date.UTC(2026, 10, 28, 10, 0))).toBe(false);
    expect(isSchoolTime(DEFAULT_SCHOOL_HOURS, Date.UTC(2026, 10, 24, 20, 0))).toBe(false);
  });
  it('explains a bad setting', () => {
    expect(schoolHoursProblem({ start: '9:00', end: '15:00' })).toMatch(/HH|08:30/);
    expect(schoolHoursProblem({ start: '15:00', end: '09:00' })).toMatch(/after the start/);
    expect(schoolHoursProblem({ start: '08:30', end: '15:30' })).toBeNull();
  });
});
