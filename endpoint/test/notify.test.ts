import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { insertEvents } from '../src/ingest';
import { createNotifier, needsImmediateNotice, scheduleDaily } from '../src/notify';
import { postEvents, startEndpoint, wireEvent, type RunningEndpoint } from './helpers';

const webhookBodies: { text: string }[] = [];
const mails: string[] = [];
let webhook: ReturnType<typeof createServer>;
let smtp: SMTPServer;
let smtpPort = 0;
let webhookPort = 0;
let ep: RunningEndpoint;

beforeAll(async () => {
  webhook = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      webhookBodies.push(JSON.parse(body));
      res.end('1');
    });
  });
  await new Promise<void>((done) => webhook.listen(0, '127.0.0.1', done));
  webhookPort = (webhook.address() as AddressInfo).port;
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      let data = '';
      stream.on('data', (c) => (data += c));
      stream.on('end', () => {
        mails.push(data);
        callback();
      });
    },
  });
  await new Promise<void>((done) => smtp.listen(0, '127.0.0.1', done));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  ep = await startEndpoint({
    notify: {
      webhookUrl: `http://127.0.0.1:${webhookPort}/teams-hook`,
      smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
      emailTo: 'dsl@school.example',
      emailFrom: 'safeguard@school.example',
      categories: ['self-harm'],
      inboxUrl: 'https://dsl.school.example/',
    },
  });
});
afterAll(async () => {
  await ep.close();
  webhook.close();
  await new Promise<void>((done) => smtp.close(() => done()));
});

describe('notifications', () => {
  it('decides which events need the DSL now', () => {
    expect(needsImmediateNotice(wireEvent({ type: 'reported', category: null }), [])).toBe(true);
    expect(needsImmediateNotice(wireEvent({ category: 'self-harm' }), ['self-harm'])).toBe(true);
    expect(needsImmediateNotice(wireEvent({ category: 'gambling' }), ['self-harm'])).toBe(false);
  });

  it('posts a reported event to the webhook and emails the DSL, once, without the device pseudonym', async () => {
    const reported = wireEvent({ type: 'reported', host: 'reported.example', category: null });
    const quiet = wireEvent({ category: 'gambling', host: 'quiet.example' });
    await postEvents(ep.url, [reported, quiet]);
    await postEvents(ep.url, [reported]); // a resend: stored once, notified once
    await ep.endpoint.settled();
    expect(webhookBodies).toHaveLength(1);
    expect(webhookBodies[0]!.text).toContain('pupil report on reported.example');
    expect(webhookBodies[0]!.text).not.toContain('quiet.example');
    expect(webhookBodies[0]!.text).not.toContain(reported.device);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toContain('To: dsl@school.example');
    expect(mails[0]).toContain('reported.example');
  });

  it('notifies blocked visits in the categories the school chose', async () => {
    webhookBodies.length = 0;
    await postEvents(ep.url, [wireEvent({ category: 'self-harm', host: 'harm.example' })]);
    await ep.endpoint.settled();
    expect(webhookBodies[0]!.text).toContain('(self-harm) on harm.example');
  });

  it('sends a daily digest of counts by type and category', async () => {
    webhookBodies.length = 0;
    const day = new Date('2026-01-05T00:00:00Z');
    await insertEvents(ep.db, [wireEvent(), wireEvent({ count: 4 }), wireEvent({ type: 'reported', category: null })]);
    await ep.db.query(
      "update events set received_at = '2026-01-05T10:00:00Z' where received_at > now() - interval '1 minute' and host = 'bet365.com'",
    );
    const googleChat = createNotifier({ webhookUrl: `http://127.0.0.1:${webhookPort}/chat-hook`, categories: [] });
    const text = await googleChat.sendDigest(ep.db, day);
    expect(text).toContain('daily digest for 2026-01-05: 6 events');
    expect(text).toContain('blocked / gambling: 5');
    expect(text).toContain('reported: 1');
    expect(webhookBodies.at(-1)!.text).toBe(text);
  });
});

describe('scheduleDaily', () => {
  it('runs the digest at the chosen hour, then every day after', async () => {
    vi.useFakeTimers();
    try {
      vi.setSystemTime(new Date(2026, 0, 5, 6, 30));
      const runs: Date[] = [];
      const stop = scheduleDaily(7, async () => void runs.push(new Date()));
      await vi.advanceTimersByTimeAsync(29 * 60_000);
      expect(runs).toEqual([]);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(runs.map((d) => d.getHours())).toEqual([7]);
      await vi.advanceTimersByTimeAsync(24 * 3600_000);
      expect(runs).toHaveLength(2);
      stop();
      await vi.advanceTimersByTimeAsync(48 * 3600_000);
      expect(runs).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
