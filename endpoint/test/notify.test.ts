import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createNotifier } from '../src/notify';
import { scheduleRepeating } from '../src/schedule';
import { addDays, isoWeekday, londonDay, nextLondonHour } from '../src/time';
import { postEvents, startEndpoint, wireEvent, type RunningEndpoint } from './helpers';

const webhookBodies: { text: string }[] = [];
const mails: string[] = [];
let webhook: ReturnType<typeof createServer>;
let smtp: SMTPServer;
let ep: RunningEndpoint;
let webhookUrl = '';
let smtpUrl = '';
const FOLD_MS = 2000;
/** The alerts' clock and timer are the test's: a slow machine cannot split a flood, and the fold window ends when the test says. */
let clock = Date.UTC(2026, 10, 24, 9);
const timers: (() => void)[] = [];
/** The fold window ends: the waiting message goes. */
const endFoldWindow = () => {
  for (const run of timers.splice(0)) run();
};

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
  webhookUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/teams-hook`;
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
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  ep = await startEndpoint({
    notify: {
      webhookUrl,
      smtpUrl,
      emailTo: 'dsl@school.example',
      emailFrom: 'safeguard@school.example',
      weeklyEmailTo: 'head@school.example',
      inboxUrl: 'https://dsl.school.example/',
      foldMs: FOLD_MS,
    },
    notifyClock: () => clock,
    notifyLater: (run) => {
      timers.push(run);
      return () => timers.splice(timers.indexOf(run), 1);
    },
  });
});
afterAll(async () => {
  await ep.close();
  webhook.close();
  await new Promise<void>((done) => smtp.close(() => done()));
});

const device = () => randomUUID().replaceAll('-', '');
/** Lets the current fold window run out (and any folded message go) so the next alert goes at once. */
const quiet = async () => {
  endFoldWindow();
  clock += 10 * FOLD_MS;
  await ep.endpoint.settled();
  webhookBodies.length = 0;
  mails.length = 0;
};

describe('alerts by severity', () => {
  it('sends a pupil report at once, by webhook and email, with a link and without the device pseudonym; routine blocks send nothing', async () => {
    await quiet();
    const d = device();
    await postEvents(ep.url, [
      wireEvent({ device: d, type: 'reported', category: null, host: 'reported.example' }),
      wireEvent({ device: d, category: 'games', host: 'quiet.example' }),
    ]);
    await ep.endpoint.settled();
    expect(webhookBodies).toHaveLength(1);
    const text = webhookBodies[0]!.text;
    expect(text).toContain('New: Pupil report');
    expect(text).toContain('`reported.example`');
    expect(text).toMatch(/https:\/\/dsl\.school\.example\/concerns\/\d+/);
    expect(text).not.toContain('quiet.example');
    expect(text).not.toContain(d);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toContain('To: dsl@school.example');
    expect(mails[0]).toContain('Subject: School Safeguard: a pupil reported something');
  });

  it('folds a flood: 40 self-harm blocks in quick succession are one message now and one folded message, never 40', async () => {
    await quiet();
    const d = device();
    for (let i = 0; i < 40; i++) await postEvents(ep.url, [wireEvent({ device: d, category: 'self-harm', host: 'harm.example' })]);
    await ep.endpoint.settled();
    expect(webhookBodies).toHaveLength(1);
    endFoldWindow();
    await ep.endpoint.settled();
    expect(webhookBodies).toHaveLength(2);
    expect(webhookBodies[0]!.text).toContain('New: Blocked visit: Self-harm');
    expect(webhookBodies[1]!.text).toMatch(/Updated: Blocked visit: Self-harm.*39 events/);
  });

  it('never holds back a report: one inside the fold window goes at once, taking what waits with it', async () => {
    await quiet();
    const d = device();
    await postEvents(ep.url, [wireEvent({ device: d, category: 'extremism', host: 'first.example' })]);
    await ep.endpoint.settled();
    await postEvents(ep.url, [wireEvent({ device: d, category: 'extremism', host: 'second.example' })]);
    await ep.endpoint.settled();
    expect(webhookBodies).toHaveLength(1);
    await postEvents(ep.url, [wireEvent({ device: d, type: 'reported', category: null })]);
    await ep.endpoint.settled();
    expect(webhookBodies).toHaveLength(2);
    expect(webhookBodies[1]!.text).toContain('Pupil report');
    expect(webhookBodies[1]!.text).toContain('second.example');
  });

  it('escapes what devices send: a school ID holding Markdown, a link or a mention arrives inert', async () => {
    await quiet();
    await postEvents(ep.url, [
      wireEvent({
        device: device(),
        type: 'reported',
        category: null,
        schoolId: '[click me](https://evil.example) <users/all> **urgent**',
      }),
    ]);
    await ep.endpoint.settled();
    const text = webhookBodies[0]!.text;
    expect(text).not.toMatch(/\]\(|<users|\*\*|https:\/\/evil/);
    expect(text).toContain('school `?click me??https???evil.example? ?users?all? ??urgent??`');
  });
});

describe('digest and weekly summary', () => {
  it("the daily digest names the day's medium concerns; the weekly summary also goes to the senior leader", async () => {
    await quiet();
    const d = device();
    await postEvents(
      ep.url,
      [1, 2, 3].map(() => wireEvent({ device: d, category: 'pornography', host: 'adult.example' })),
    );
    const notifier = createNotifier(
      { webhookUrl, smtpUrl, emailTo: 'dsl@school.example', weeklyEmailTo: 'head@school.example' },
      () => undefined,
    );
    const today = londonDay(new Date());
    const digest = await notifier.sendDigest(ep.db, today);
    expect(digest).toContain('New medium-severity concerns:');
    expect(digest).toContain('Repeated attempts: Pornography and sexually explicit material');
    expect(digest).toMatch(/Blocked visits: \d+ \(/);
    expect(webhookBodies.at(-1)!.text).toBe(digest);
    const monday = addDays(today, -(isoWeekday(today) - 1));
    const weekly = await notifier.sendWeekly(ep.db, monday);
    expect(weekly).toMatch(/^School Safeguard weekly summary, Mon \d+ \w+ \d{4} to Sun/);
    expect(weekly).toMatch(/Concerns opened: \d+ high, \d+ medium, \d+ low\./);
    const weeklyMail = mails.at(-1)!;
    expect(weeklyMail).toMatch(/To: dsl@school\.example, head@school\.example/);
    expect(mails.filter((m) => m.includes('head@school.example'))).toHaveLength(1);
  });
});

describe('scheduling in UK time', () => {
  it('the digest runs at the hour on London clocks, in summer and winter; the weekly one on Mondays', () => {
    expect(nextLondonHour(new Date('2026-07-01T05:00:00Z'), 7).toISOString()).toBe('2026-07-01T06:00:00.000Z');
    expect(nextLondonHour(new Date('2026-12-01T05:00:00Z'), 7).toISOString()).toBe('2026-12-01T07:00:00.000Z');
    expect(nextLondonHour(new Date('2026-12-01T08:00:00Z'), 7).toISOString()).toBe('2026-12-02T07:00:00.000Z');
    // Tue 1 Dec 2026 → Mon 7 Dec.
    expect(nextLondonHour(new Date('2026-12-01T08:00:00Z'), 7, (day) => isoWeekday(day) === 1).toISOString()).toBe(
      '2026-12-07T07:00:00.000Z',
    );
  });

  it('runs the task when due and again after', async () => {
    vi.useFakeTimers();
    try {
      vi.setSystemTime(new Date('2026-12-01T06:30:00Z'));
      const runs: string[] = [];
      const stop = scheduleRepeating(
        (after) => nextLondonHour(after, 7),
        async () => void runs.push(new Date().toISOString()),
      );
      await vi.advanceTimersByTimeAsync(29 * 60_000);
      expect(runs).toEqual([]);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(runs).toEqual(['2026-12-01T07:00:00.000Z']);
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
