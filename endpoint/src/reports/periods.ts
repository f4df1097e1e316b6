import { z } from 'zod';
import { silentBefore } from '../devices/silent';
import type { Account } from '../people/permissions';
import { addDays, isoWeekday, londonDay, londonTime } from '../time';
import type { AppContext } from '../web/context';
import { periodSummary, type PeriodSummary } from './summary';

/** The periods the Filtering page and the statistics API offer. */
export const PERIODS = { today: 'Today', '7': 'Last 7 days', '30': 'Last 30 days', '365': 'Last 12 months' } as const;
export type Period = keyof typeof PERIODS;
export const periodSchema = z.enum(Object.keys(PERIODS) as [Period, ...Period[]]).default('7');

/** Start of a period ending now: today (London), or the last N days. */
export function periodStart(period: Period, now: Date): Date {
  return period === 'today' ? londonTime(londonDay(now)) : new Date(now.getTime() - Number(period) * 86_400_000);
}

/** The Monday (London) of the week holding `day`, or of the last whole week. */
export function weekStart(day: string | undefined, now: Date): string {
  if (day) return addDays(day, -(isoWeekday(day) - 1));
  const today = londonDay(now);
  return addDays(today, -(isoWeekday(today) - 1) - 7);
}

/** The weekly summary (Monday to Sunday, UK time) of the week holding `day` (default: the last whole week). */
export async function weekSummary(
  ctx: AppContext,
  account: Account,
  day: string | undefined,
): Promise<{ monday: string; summary: PeriodSummary }> {
  const now = ctx.now();
  const monday = weekStart(day, now);
  const summary = await periodSummary(
    ctx.db,
    account,
    londonTime(monday),
    londonTime(addDays(monday, 7)),
    silentBefore(await ctx.settings(), now),
    now,
  );
  return { monday, summary };
}
