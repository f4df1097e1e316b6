import nodemailer from 'nodemailer';
import type { WireEvent } from '../../src/core/events/schema';
import type { Database } from './db';
import { countsBetween } from './store';

export interface NotifyConfig {
  /** Microsoft Teams or Google Chat incoming-webhook address; both accept `{"text": …}`. */
  webhookUrl?: string;
  /** `smtp://user:pass@host:port` or `smtps://…` */
  smtpUrl?: string;
  emailFrom?: string;
  emailTo?: string;
  /** Categories whose `blocked` events are sent at once too (reported events always are). */
  categories: string[];
  /** Where the inbox is, for the link in messages. */
  inboxUrl?: string;
}

export interface Notifier {
  /** Sends one message for the new events that need the DSL now; resolves when sent (or failed and logged). */
  notifyEvents(events: WireEvent[]): Promise<void>;
  /** Sends yesterday's (or the given day's) counts. */
  sendDigest(db: Database, dayStart: Date): Promise<string>;
}

export function needsImmediateNotice(event: WireEvent, categories: readonly string[]): boolean {
  return event.type === 'reported' || (event.category !== null && categories.includes(event.category));
}

const WORDS: Record<WireEvent['type'], string> = {
  blocked: 'blocked visit',
  reported: 'pupil report',
  'unblock-request': 'unblock request',
  unlocked: 'adult unlock',
  'lesson-unlock': 'lesson unlock',
  'policy-error': 'filtering policy error',
};

/** The message text: what, where (host only), which key stage and school; never the device pseudonym. */
export function describeEvents(events: WireEvent[], inboxUrl: string | undefined): string {
  const lines = events.map(
    (e) =>
      `• ${WORDS[e.type]}${e.category ? ` (${e.category})` : ''}${e.host ? ` on ${e.host}` : ''} — ${e.keyStage}${e.schoolId ? `, school ${e.schoolId}` : ''}, ${e.occurredAt}`,
  );
  return [
    `School Safeguard: ${events.length} event${events.length === 1 ? '' : 's'} need the DSL's attention.`,
    ...lines,
    ...(inboxUrl ? [`Open the inbox: ${inboxUrl}`] : []),
  ].join('\n');
}

export function createNotifier(config: NotifyConfig, log: (message: string) => void = console.error): Notifier {
  const mailer = config.smtpUrl ? nodemailer.createTransport(config.smtpUrl) : null;

  async function send(subject: string, text: string): Promise<void> {
    const tasks: Promise<unknown>[] = [];
    if (config.webhookUrl) {
      tasks.push(
        fetch(config.webhookUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text }) }).then(
          (r) => {
            if (!r.ok) throw new Error(`webhook answered ${r.status}`);
          },
        ),
      );
    }
    if (mailer && config.emailTo) {
      tasks.push(mailer.sendMail({ from: config.emailFrom ?? 'school-safeguard@localhost', to: config.emailTo, subject, text }));
    }
    const results = await Promise.allSettled(tasks);
    for (const r of results) if (r.status === 'rejected') log(`Notification failed: ${String(r.reason)}`);
  }

  return {
    async notifyEvents(events) {
      const urgent = events.filter((e) => needsImmediateNotice(e, config.categories));
      if (urgent.length === 0) return;
      const reported = urgent.some((e) => e.type === 'reported');
      await send(
        reported ? 'School Safeguard: a pupil reported something' : 'School Safeguard: blocked visits to watched categories',
        describeEvents(urgent, config.inboxUrl),
      );
    },
    async sendDigest(db, dayStart) {
      const dayEnd = new Date(dayStart.getTime() + 86_400_000);
      const counts = await countsBetween(db, dayStart, dayEnd);
      const total = counts.reduce((n, c) => n + c.events, 0);
      const day = dayStart.toISOString().slice(0, 10);
      const text = [
        `School Safeguard daily digest for ${day}: ${total} event${total === 1 ? '' : 's'}.`,
        ...counts.map((c) => `• ${c.type}${c.category ? ` / ${c.category}` : ''}: ${c.events}`),
        ...(config.inboxUrl ? [`Inbox: ${config.inboxUrl}`] : []),
      ].join('\n');
      await send(`School Safeguard digest ${day}`, text);
      return text;
    },
  };
}

/** Runs `task` every day at `hour`:00 (server local time). Returns a function that stops it. */
export function scheduleDaily(hour: number, task: () => Promise<unknown>, now = () => new Date()): () => void {
  let timer: NodeJS.Timeout;
  const arm = () => {
    const current = now();
    const next = new Date(current);
    next.setHours(hour, 0, 0, 0);
    if (next <= current) next.setDate(next.getDate() + 1);
    timer = setTimeout(() => {
      void task()
        .catch(() => undefined)
        .finally(arm);
    }, next.getTime() - current.getTime());
    timer.unref();
  };
  arm();
  return () => clearTimeout(timer);
}
