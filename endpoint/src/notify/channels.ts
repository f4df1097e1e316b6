import nodemailer from 'nodemailer';

/** Where messages go: a Teams or Google Chat incoming webhook (`{"text": …}`) and email. */
export interface ChannelConfig {
  webhookUrl?: string;
  /** `smtp://user:pass@host:port` or `smtps://…` */
  smtpUrl?: string;
  emailFrom?: string;
  /** The DSL's address (alerts, daily digest, weekly summary). */
  emailTo?: string;
  /** The senior leader's address: the weekly summary only. */
  weeklyEmailTo?: string;
}

export type Audience = 'dsl' | 'weekly';

export type Send = (subject: string, text: string, audience?: Audience) => Promise<void>;

export function createChannels(config: ChannelConfig, log: (message: string) => void): Send {
  const mailer = config.smtpUrl ? nodemailer.createTransport(config.smtpUrl) : null;
  return async (subject, text, audience = 'dsl') => {
    const tasks: Promise<unknown>[] = [];
    if (config.webhookUrl) {
      tasks.push(
        fetch(config.webhookUrl, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ text }),
          signal: AbortSignal.timeout(30_000),
        }).then((r) => {
          if (!r.ok) throw new Error(`webhook answered ${r.status}`);
        }),
      );
    }
    const to = [config.emailTo, ...(audience === 'weekly' ? [config.weeklyEmailTo] : [])].filter((a): a is string => Boolean(a));
    if (mailer && to.length > 0) {
      tasks.push(mailer.sendMail({ from: config.emailFrom ?? 'school-safeguard@localhost', to, subject, text }));
    }
    const results = await Promise.allSettled(tasks);
    for (const r of results) if (r.status === 'rejected') log(`Notification failed: ${String(r.reason)}`);
  };
}
