/**
 * School hours in England's own time (Europe/London, so British Summer Time is handled), from the policy's
 * `schoolHours`. Outside them the blocked page also names the pupil's parent or carer: a pupil at home at
 * 8 pm has no class teacher to tell. Intl's time-zone data exists in Node and every extension context.
 */
export const SCHOOL_TIME_ZONE = 'Europe/London';
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
/** "08:30": 24-hour clock, two digits each. */
export const CLOCK_TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

export interface SchoolHours {
  days: readonly Weekday[];
  /** Inclusive start and exclusive end, "HH:MM" London time. */
  start: string;
  end: string;
}

/** Used when the policy sets none: a usual English school day, Monday to Friday. */
export const DEFAULT_SCHOOL_HOURS: SchoolHours = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '08:00', end: '16:00' };

const minutesOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: SCHOOL_TIME_ZONE,
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** Weekday and minutes since midnight in London at `epochMs`. */
export function londonClock(epochMs: number): { day: Weekday; minutes: number } {
  const parts = Object.fromEntries(londonParts.formatToParts(new Date(epochMs)).map((p) => [p.type, p.value]));
  const day = (parts.weekday ?? 'Mon').slice(0, 3).toLowerCase() as Weekday;
  return { day, minutes: Number(parts.hour ?? 0) * 60 + Number(parts.minute ?? 0) };
}

/** Whether `epochMs` falls within the school day. An end before the start is read as "no school hours". */
export function isSchoolTime(hours: SchoolHours, epochMs: number): boolean {
  const { day, minutes } = londonClock(epochMs);
  return hours.days.includes(day) && minutes >= minutesOf(hours.start) && minutes < minutesOf(hours.end);
}

export function schoolHoursProblem(hours: { start: string; end: string }): string | null {
  if (!CLOCK_TIME_PATTERN.test(hours.start) || !CLOCK_TIME_PATTERN.test(hours.end)) return 'times must look like "08:30" (24-hour clock)';
  return minutesOf(hours.end) > minutesOf(hours.start) ? null : 'the end must be after the start';
}
