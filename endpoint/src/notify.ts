import type { ConcernActivity } from './concerns/grouping';
import type { Database } from './db';
import { createAlerter, DEFAULT_FOLD_MS, realLater, type Later } from './notify/alerts';
import { createChannels, type ChannelConfig } from './notify/channels';
import type { Account } from './people/permissions';
import { digestText, periodSummary, weeklyText } from './reports/summary';
import { silentBefore } from './devices/silent';
import { loadSettings } from './settings';
import { addDays, londonDay, londonTime } from './time';

export interface NotifyConfig extends ChannelConfig {
  /** Where the workspace is, for links in messages. */
  inboxUrl?: string;
  /** High-severity alerts within this long of the last message are folded into the next one. */
  foldMs?: number;
  /** @deprecated Ignored: which categories alert at once is the workspace's category severity setting. */
  categories?: string[];
}

export interface Notifier {
  /** High-severity concerns that opened or grew: alert now (folded). Medium ones wait for the digest. */
  concernActivity(activity: ConcernActivity[]): void;
  /** Sends the digest of the London day starting at `dayStart` (`YYYY-MM-DD`); returns its text. */
  sendDigest(db: Database, day: string, now?: Date): Promise<string>;
  /** Sends the weekly summary of the seven London days starting on `firstDay`; returns its text. */
  sendWeekly(db: Database, firstDay: string, now?: Date): Promise<string>;
  settled(): Promise<void>;
  stop(): void;
}

/** Digests and summaries cover the whole server: the DSL's channel, not one account's view. */
const EVERY_SCHOOL: Account = { name: 'system', displayName: 'School Safeguard', role: 'dsl', schoolIds: null };

/** `now` and `later` are the clock and timer alerts fold by (tests pass their own). */
export function createNotifier(
  config: NotifyConfig,
  log: (message: string) => void = console.error,
  now: () => number = Date.now,
  later: Later = realLater,
): Notifier {
  const send = createChannels(config, log);
  const alerter = createAlerter({
    send,
    foldMs: config.foldMs ?? DEFAULT_FOLD_MS,
    now,
    later,
    ...(config.inboxUrl ? { publicUrl: config.inboxUrl } : {}),
  });
  const summary = async (db: Database, firstDay: string, days: number, at: Date) => {
    const settings = await loadSettings(db);
    return periodSummary(db, EVERY_SCHOOL, londonTime(firstDay), londonTime(addDays(firstDay, days)), silentBefore(settings, at), at);
  };
  return {
    concernActivity: (activity) => alerter.concernActivity(activity),
    async sendDigest(db, day, at = new Date(now())) {
      const text = digestText(await summary(db, day, 1, at), config.inboxUrl);
      await send(`School Safeguard digest for ${day}`, text);
      return text;
    },
    async sendWeekly(db, firstDay, at = new Date(now())) {
      const text = weeklyText(await summary(db, firstDay, 7, at), config.inboxUrl);
      await send(`School Safeguard weekly summary from ${firstDay}`, text, 'weekly');
      return text;
    },
    settled: () => alerter.settled(),
    stop: () => alerter.stop(),
  };
}

/** Yesterday, as a London calendar day. */
export const previousLondonDay = (at: Date): string => addDays(londonDay(at), -1);
