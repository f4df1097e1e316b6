import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignedDevice } from '../../test/fixtures/signed-device';
import { postEvents, startEndpoint, TOKEN, wireEvent, type RunningEndpoint } from './helpers';

let ep: RunningEndpoint;
beforeAll(async () => {
  ep = await startEndpoint();
});
afterAll(() => ep.close());

interface ConcernJson {
  id: number;
  severity: string;
  status: string;
  kind: string;
  category: string | null;
  title: string;
  firstAt: string;
  eventCount: number;
  occurrences: number;
  overdue: boolean;
  dueOn: string | null;
  outcomes: string[];
  assignee: { name: string } | null;
  device: { pseudonym: string; assetId: string | null };
}
const newDevice = () => randomUUID().replaceAll('-', '');
const concernsOf = async (device: string) =>
  (await ep.api<{ concerns: ConcernJson[] }>(`/concerns?device=${device}&status=all`)).body.concerns;
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

describe('events group into concerns', () => {
  it('a report and a self-harm block each open a high concern; a Roblox block stays a statistic', async () => {
    const device = newDevice();
    await postEvents(ep.url, [
      wireEvent({ device, type: 'reported', category: null, host: 'video.example', detail: { choice: 'stranger' } }),
      wireEvent({ device, category: 'self-harm', host: 'harm.example' }),
      wireEvent({ device, category: 'games', host: 'roblox.com' }),
    ]);
    const concerns = await concernsOf(device);
    expect(concerns.map((c) => [c.kind, c.severity, c.title])).toEqual([
      ['report', 'high', 'Pupil report: A stranger talked to them'],
      ['blocked', 'high', 'Blocked visit: Self-harm, suicide and eating disorders'],
    ]);
    const routine = await ep.db.query('select concern_id from events where device = $1 and host = $2', [device, 'roblox.com']);
    expect(routine).toEqual([{ concern_id: null }]);
  });

  it('blocks in a floor category become a medium "repeated attempts" concern only once repeated, and earlier ones join it', async () => {
    const device = newDevice();
    await postEvents(ep.url, [wireEvent({ device, category: 'gambling', occurredAt: minutesAgo(20) })]);
    await postEvents(ep.url, [wireEvent({ device, category: 'gambling', occurredAt: minutesAgo(10) })]);
    expect(await concernsOf(device)).toEqual([]);
    await postEvents(ep.url, [wireEvent({ device, category: 'gambling', occurredAt: minutesAgo(1) })]);
    const [concern] = await concernsOf(device);
    expect(concern).toMatchObject({ kind: 'repeated', severity: 'medium', category: 'gambling', eventCount: 3 });
    // A folded block counts as many attempts as it stands for; more join the open concern.
    await postEvents(ep.url, [wireEvent({ device, category: 'gambling', count: 5 })]);
    expect((await concernsOf(device))[0]).toMatchObject({ eventCount: 4, occurrences: 8 });
  });

  it('events close in time join one concern; far apart, or after it closed, they open another', async () => {
    const device = newDevice();
    await postEvents(ep.url, [wireEvent({ device, category: 'extremism', occurredAt: minutesAgo(500) })]);
    await postEvents(ep.url, [wireEvent({ device, category: 'extremism', occurredAt: minutesAgo(450) })]);
    await postEvents(ep.url, [wireEvent({ device, category: 'extremism', occurredAt: minutesAgo(100) })]);
    const concerns = await concernsOf(device);
    expect(concerns.map((c) => c.eventCount).sort()).toEqual([1, 2]);
    const open = concerns.find((c) => c.eventCount === 1)!;
    await ep.api(`/concerns/${open.id}`, { method: 'PATCH', body: { status: 'closed', outcomes: ['no-further-action'] } });
    await postEvents(ep.url, [wireEvent({ device, category: 'extremism', occurredAt: minutesAgo(90) })]);
    expect(await concernsOf(device)).toHaveLength(3);
  });

  it("alerts take the device's severity or the school's, whichever is higher, and reports keep the pupil's choice", async () => {
    const device = await createSignedDevice();
    expect((await device.register(`${ep.url}/events`, TOKEN)).status).toBe(201);
    await device.post(`${ep.url}/events`, [
      device.event({
        type: 'search-alert',
        category: 'drugs',
        severity: 'high',
        host: 'www.google.com',
        detail: { entry: 'dr-001', engine: 'google' },
      }),
      device.event({
        type: 'content-alert',
        category: 'bullying',
        severity: 'low',
        host: 'forum.example',
        detail: { entry: 'bu-004', score: 3 },
      }),
      device.event({
        type: 'search-alert',
        category: 'grooming',
        severity: 'low',
        host: 'www.bing.com',
        detail: { entry: 'gr-001', engine: 'bing' },
      }),
    ]);
    const concerns = await concernsOf(device.pseudonym);
    expect(concerns.map((c) => [c.category, c.severity]).sort()).toEqual([
      ['bullying', 'medium'],
      ['drugs', 'high'],
      ['grooming', 'high'],
    ]);
  });

  it('a school can tune the mapping: games made high turns one Roblox block into a concern', async () => {
    const { loadSettings, saveSettings } = await import('../src/settings');
    const settings = await loadSettings(ep.db);
    await saveSettings(ep.db, { ...settings, categorySeverity: { ...settings.categorySeverity, games: 'high' } }, 'dsl', new Date());
    const tuned = await startEndpoint({ database: ep.db });
    try {
      const device = newDevice();
      await postEvents(tuned.url, [wireEvent({ device, category: 'games', host: 'roblox.com' })]);
      expect((await concernsOf(device)).map((c) => [c.kind, c.severity])).toEqual([['blocked', 'high']]);
    } finally {
      await tuned.endpoint.close();
      await saveSettings(ep.db, settings, 'dsl', new Date());
    }
  });
});

describe('Needs action and working a concern', () => {
  it('lists high before medium, oldest first, with overdue marked; low and closed ones are elsewhere', async () => {
    const device = newDevice();
    await postEvents(ep.url, [
      ...[1, 2, 3].map((i) => wireEvent({ device, category: 'piracy', occurredAt: minutesAgo(30 + i) })),
      wireEvent({ device, type: 'unblock-request', category: 'games', host: 'games.example' }),
      wireEvent({ device, type: 'reported', category: null, occurredAt: minutesAgo(5) }),
    ]);
    const { body } = await ep.api<{ concerns: ConcernJson[]; total: number }>('/needs-action');
    const mine = body.concerns.filter((c) => c.device.pseudonym === device);
    expect(mine.map((c) => [c.severity, c.kind])).toEqual([
      ['high', 'report'],
      ['medium', 'repeated'],
    ]);
    const ranks = body.concerns.map((c) => ({ high: 1, medium: 2, low: 3 })[c.severity]!);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    const highs = body.concerns.filter((c) => c.severity === 'high').map((c) => c.firstAt);
    expect(highs).toEqual([...highs].sort());
    // Overdue: a due date in the past.
    const report = mine[0]!;
    await ep.api(`/concerns/${report.id}`, { method: 'PATCH', body: { dueOn: '2020-01-06' } });
    const overdue = (await ep.api<{ concerns: ConcernJson[] }>('/needs-action')).body.concerns.find((c) => c.id === report.id);
    expect(overdue).toMatchObject({ overdue: true, dueOn: '2020-01-06' });
    const open = (await ep.api<{ concerns: ConcernJson[] }>('/concerns?status=open&severity=low')).body.concerns;
    expect(open.some((c) => c.kind === 'unblock-request' && c.device.pseudonym === device)).toBe(true);
  });

  it('assigns, records outcomes, notes and links, and closes only with an outcome; each change is in the history', async () => {
    const device = newDevice();
    await postEvents(ep.url, [
      wireEvent({ device, type: 'reported', category: null }),
      wireEvent({ device, category: 'self-harm', host: 'harm.example' }),
    ]);
    const [report, block] = await concernsOf(device);
    const close = await ep.api<{ message: string }>(`/concerns/${report!.id}`, { method: 'PATCH', body: { status: 'closed' } });
    expect(close.status).toBe(400);
    expect(close.body.message).toMatch(/outcome/);
    const it1 = await ep.api<{ concern: ConcernJson; changed: string[] }>(`/concerns/${report!.id}`, {
      method: 'PATCH',
      body: { assignee: 'dsl', status: 'in-progress', note: 'Spoke to the class teacher.', link: block!.id },
    });
    expect(it1.status).toBe(200);
    expect(it1.body.changed.sort()).toEqual(['assignee', 'link', 'note', 'status']);
    const done = await ep.api<{ concern: ConcernJson }>(`/concerns/${report!.id}`, {
      method: 'PATCH',
      body: { status: 'closed', outcomes: ['talk-with-pupil', 'parents-informed'] },
    });
    expect(done.body.concern).toMatchObject({
      status: 'closed',
      outcomes: ['talk-with-pupil', 'parents-informed'],
      assignee: { name: 'dsl' },
    });
    const record = await ep.api<{ notes: { body: string }[]; links: { id: number }[]; history: { action: string }[] }>(
      `/concerns/${report!.id}`,
    );
    expect(record.body.notes.map((n) => n.body)).toEqual(['Spoke to the class teacher.']);
    expect(record.body.links.map((l) => l.id)).toEqual([block!.id]);
    expect(record.body.history.map((h) => h.action)).toEqual([
      'concern-assignee',
      'concern-status',
      'concern-note',
      'concern-link',
      'concern-outcomes',
      'concern-status',
    ]);
    expect((await ep.api(`/concerns/${report!.id}`, { method: 'PATCH', body: { assignee: 'nobody-here' } })).status).toBe(400);
    expect((await ep.api('/concerns/99999999', { method: 'PATCH', body: { note: 'x' } })).status).toBe(404);
    expect((await ep.api('/concerns/not-a-number')).status).toBe(400);
    expect((await ep.api(`/concerns/${report!.id}`, { method: 'PATCH', body: { status: 'deleted' } })).status).toBe(400);
  });

  it("a device's chronology lists its concerns and events newest first; events arrive as received", async () => {
    const device = newDevice();
    await postEvents(ep.url, [
      wireEvent({ device, category: 'games', host: 'old.example', occurredAt: minutesAgo(60) }),
      wireEvent({ device, type: 'reported', category: null, host: 'new.example', occurredAt: minutesAgo(1) }),
    ]);
    const { body } = await ep.api<{ chronology: { concerns: ConcernJson[]; events: { host: string }[] } }>(`/devices/${device}`);
    expect(body.chronology.events.map((e) => e.host)).toEqual(['new.example', 'old.example']);
    expect(body.chronology.concerns.map((c) => c.kind)).toEqual(['report']);
    const since = new Date(Date.now() - 60_000).toISOString();
    const events = (await ep.api<{ events: { type: string; receivedAt: string }[] }>(`/events?type=reported&since=${since}`)).body.events;
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.type === 'reported')).toBe(true);
    const received = events.map((e) => e.receivedAt);
    expect(received).toEqual([...received].sort().reverse());
    expect((await ep.api('/events?type=nonsense')).status).toBe(400);
  });
});
