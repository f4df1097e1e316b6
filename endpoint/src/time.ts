/**
 * Every time a person reads is in Europe/London (GMT or BST), whatever the server's own zone; dates a
 * person types (due dates) are London calendar days.
 */
export const SCHOOL_TIME_ZONE = 'Europe/London';

const dateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: SCHOOL_TIME_ZONE,
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const dateOnly = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: SCHOOL_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

const pick = (format: Intl.DateTimeFormat, at: Date) => {
  const p = Object.fromEntries(format.formatToParts(at).map((x) => [x.type, x.value]));
  return { day: `${p.weekday} ${p.day} ${p.month} ${p.year}`, time: p.hour ? `${p.hour}:${p.minute}` : '' };
};

/** "Tue 24 Nov 2026, 09:00" in London time; "—" for none. */
export function londonDateTime(value: Date | string | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const { day, time } = pick(dateTime, new Date(value));
  return `${day}, ${time}`;
}

/** A calendar day (`YYYY-MM-DD`) as "Tue 24 Nov 2026". */
export function dayLabel(day: string | null | undefined): string {
  if (!day) return '—';
  return pick(dateOnly, new Date(`${day}T12:00:00Z`)).day;
}

function londonParts(at: Date): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of parts.formatToParts(at)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** The London calendar day of an instant, as `YYYY-MM-DD`. */
export function londonDay(at: Date): string {
  const p = londonParts(at);
  return `${String(p.year).padStart(4, '0')}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** Minutes London is ahead of UTC at that instant (0 in winter, 60 in summer). */
export function londonOffsetMinutes(at: Date): number {
  const p = londonParts(at);
  const asUtc = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** The instant a London wall-clock time happens (clocks change at 01:00 UTC, never near school hours). */
export function londonTime(day: string, hour = 0, minute = 0): Date {
  const [y, m, d] = day.split('-').map(Number);
  const guess = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1, hour, minute));
  return new Date(guess.getTime() - londonOffsetMinutes(guess) * 60_000);
}

/** `day` plus `days` calendar days. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The next instant (after `now`) that London clocks show `hour`:00, on a day `accept` allows. */
export function nextLondonHour(now: Date, hour: number, accept: (day: string) => boolean = () => true): Date {
  let day = londonDay(now);
  for (let i = 0; i < 400; i++, day = addDays(day, 1)) {
    const at = londonTime(day, hour);
    if (at > now && accept(day)) return at;
  }
  throw new Error('No matching day within a year.');
}

/** 1 Monday … 7 Sunday, for a `YYYY-MM-DD` day. */
export function isoWeekday(day: string): number {
  return new Date(`${day}T12:00:00Z`).getUTCDay() || 7;
}

export const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
