import { describe, expect, it } from 'vitest';
import { BLOCKED_HOLD_MS, HEARTBEATS_KEPT, REPEAT_FOLD_WINDOW_MS } from '@/src/core/events/repeat-fold';
import type { WireEventV2 } from '@/src/core/events/schema-v2';
import { testWireEvent, testWireEventV2 } from '@/test/fixtures/wire-event';
import { openSafeguardDb } from './db';
import { createOutbox } from './outbox';

let dbCounter = 0;
const freshDb = () => openSafeguardDb(`outbox-test-${++dbCounter}`);
const START = Date.parse('2026-11-24T09:00:00Z');
const at = (ms: number) => new Date(START + ms).toISOString();

let idCounter = 0;
const event = (type: WireEventV2['type'] = 'blocked', host = 'a.example'): WireEventV2 =>
  testWireEventV2({ type, host, secondsAfter9am: ++idCounter % 60 });

/** An outbox on a clock the test moves. */
async function clocked(options: Parameters<typeof createOutbox>[1] = {}) {
  let now = START;
  const outbox = createOutbox(await freshDb(), { ...options, now: () => now });
  return { outbox, tick: (ms: number) => (now += ms) };
}
const blockedAt = (ms: number, host = 'loop.example') => testWireEventV2({ type: 'blocked', host, occurredAt: at(ms) });

describe('outbox', () => {
  it('keeps events in order, hands out batches, and deletes only acknowledged ones', async () => {
    const outbox = createOutbox(await freshDb());
    const events = [event(), event(), event()];
    for (const e of events) await outbox.add(e);
    const batch = await outbox.takeBatch({ maxEvents: 2 });
    expect(batch.map((r) => r.event)).toEqual(events.slice(0, 2));
    // Events already handed out are not handed out again while in flight.
    expect((await outbox.takeBatch({ maxEvents: 5 })).map((r) => r.event.id)).toEqual([events[2]!.id]);
    await outbox.acknowledge(batch.map((r) => r.seq));
    expect(await outbox.count()).toBe(1);
  });

  it('ignores a second add of the same id', async () => {
    const outbox = createOutbox(await freshDb());
    const e = event();
    await outbox.add(e);
    await outbox.add(e);
    expect(await outbox.count()).toBe(1);
  });

  it('gives released events back on the next batch, marked as tried', async () => {
    const outbox = createOutbox(await freshDb());
    await outbox.add(event());
    const first = await outbox.takeBatch();
    expect(first[0]!.attempted).toBe(true);
    await outbox.release(first.map((r) => r.seq));
    expect((await outbox.takeBatch()).map((r) => r.seq)).toEqual(first.map((r) => r.seq));
  });

  it('survives a new service-worker life: a fresh outbox on the same database sees everything, in-flight state gone', async () => {
    const name = `outbox-restart-${++dbCounter}`;
    const before = createOutbox(await openSafeguardDb(name));
    await before.add(event());
    await before.add(event());
    await before.takeBatch({ maxEvents: 1 });
    const after = createOutbox(await openSafeguardDb(name));
    expect((await after.takeBatch()).length).toBe(2);
  });

  it('hands out version 1 events queued before the update as version 2; a damaged entry is kept but never blocks the queue', async () => {
    const db = await freshDb();
    const old = testWireEvent();
    await db.add('outbox', { event: old, attempted: false });
    await db.add('outbox', { event: { schemaVersion: 1, id: 'garbage' }, attempted: false });
    const warnings: string[] = [];
    const outbox = createOutbox(db, { warn: (m) => void warnings.push(m) });
    await outbox.add(event());
    const batch = await outbox.takeBatch();
    expect(batch.map((r) => r.event.schemaVersion)).toEqual([2, 2]);
    expect(batch[0]!.event).toMatchObject({ id: old.id, severity: null, term: null, url: null });
    expect(warnings).toEqual([expect.stringContaining('damaged')]);
    await outbox.acknowledge(batch.map((r) => r.seq));
    expect(await outbox.count()).toBe(1);
  });

  it('when full, folds old blocked events but keeps every reported event', async () => {
    const outbox = createOutbox(await freshDb(), { capacity: 10, foldTarget: 6 });
    const reported = [event('reported'), event('reported'), event('reported')];
    for (const e of reported) await outbox.add(e);
    for (let i = 0; i < 20; i++) await outbox.add(event('blocked', i % 2 ? 'a.example' : 'b.example'));
    expect(await outbox.count()).toBeLessThanOrEqual(10);
    const all = await outbox.takeBatch({ maxEvents: 100 });
    expect(all.filter((r) => r.event.type === 'reported').map((r) => r.event.id)).toEqual(reported.map((e) => e.id));
    const blockedTotal = all.filter((r) => r.event.type === 'blocked').reduce((n, r) => n + r.event.count, 0);
    expect(blockedTotal).toBe(20);
  });

  it('does not fold events that are being sent', async () => {
    const outbox = createOutbox(await freshDb(), { capacity: 3, foldTarget: 2 });
    await outbox.add(event('blocked', 'a.example'));
    await outbox.add(event('blocked', 'a.example'));
    const sending = await outbox.takeBatch({ maxEvents: 2 });
    await outbox.add(event('blocked', 'a.example'));
    await outbox.add(event('blocked', 'a.example'));
    const rest = await outbox.takeBatch({ maxEvents: 10 });
    expect(await outbox.count()).toBe(3);
    expect(rest).toEqual([expect.objectContaining({ event: expect.objectContaining({ count: 2 }) })]);
    await outbox.acknowledge(sending.map((r) => r.seq));
    expect(await outbox.count()).toBe(1);
  });
});

describe('outbox: repeats on the device', () => {
  it('folds 40 blocks of one host in one tab into one held event with a count; another tab or host is its own event', async () => {
    const { outbox, tick } = await clocked();
    const first = blockedAt(0);
    await outbox.add(first, { tabId: 7 });
    for (let i = 1; i < 40; i++) await outbox.add(blockedAt(i * 400), { tabId: 7 });
    await outbox.add(blockedAt(500), { tabId: 8 });
    await outbox.add(blockedAt(600, 'other.example'), { tabId: 7 });
    expect(await outbox.count()).toBe(3);
    expect(await outbox.takeBatch()).toEqual([]);
    expect(await outbox.nextHeldDueAt()).toBe(START + BLOCKED_HOLD_MS);
    tick(BLOCKED_HOLD_MS + 600);
    const batch = await outbox.takeBatch();
    expect(batch.map((r) => [r.event.host, r.event.count])).toEqual([
      ['loop.example', 40],
      ['loop.example', 1],
      ['other.example', 1],
    ]);
    expect(batch[0]!.event).toMatchObject({ id: first.id, occurredAt: at(0), lastOccurredAt: at(39 * 400) });
  });

  it('never folds into an event a send has taken; the next repeat waits out the rest of that window, gathering more', async () => {
    const { outbox, tick } = await clocked();
    await outbox.add(blockedAt(0), { tabId: 1 });
    tick(BLOCKED_HOLD_MS);
    const sent = await outbox.takeBatch();
    await outbox.add(blockedAt(BLOCKED_HOLD_MS + 1), { tabId: 1 });
    expect(await outbox.count()).toBe(2);
    await outbox.acknowledge(sent.map((r) => r.seq));
    await outbox.add(blockedAt(BLOCKED_HOLD_MS + 2), { tabId: 1 }); // folds into the waiting one
    tick(60_000);
    await outbox.add(blockedAt(BLOCKED_HOLD_MS + 60_000), { tabId: 1 });
    expect(await outbox.count()).toBe(1);
    // The one after a sent event of the same tab and host is held until that event's window ends.
    expect(await outbox.takeBatch()).toEqual([]);
    expect(await outbox.nextHeldDueAt()).toBe(START + REPEAT_FOLD_WINDOW_MS);
    tick(REPEAT_FOLD_WINDOW_MS);
    expect((await outbox.takeBatch()).map((r) => r.event.count)).toEqual([3]);
  });

  it('a repeat after the fold window starts a new event, even when the first is still waiting (offline)', async () => {
    const { outbox } = await clocked();
    await outbox.add(blockedAt(0), { tabId: 1 });
    await outbox.add(blockedAt(REPEAT_FOLD_WINDOW_MS + 1), { tabId: 1 });
    expect(await outbox.count()).toBe(2);
  });

  it('never folds or holds a report, nor a blocked event without its tab', async () => {
    const { outbox } = await clocked();
    await outbox.add(blockedAt(0), { tabId: 1 });
    const reports = [1, 2, 3].map(() => testWireEventV2({ type: 'reported', host: 'loop.example', occurredAt: at(10) }));
    for (const r of reports) await outbox.add(r, { tabId: 1 });
    await outbox.add(blockedAt(20));
    expect((await outbox.takeBatch()).map((r) => r.event.type)).toEqual(['reported', 'reported', 'reported', 'blocked']);
  });

  it('keeps only the newest few heartbeats waiting, and never drops one being sent', async () => {
    const { outbox } = await clocked();
    const beats = Array.from({ length: HEARTBEATS_KEPT + 4 }, (_, i) =>
      testWireEventV2({ type: 'heartbeat', host: null, occurredAt: at(i) }),
    );
    await outbox.add(beats[0]!);
    const sending = await outbox.takeBatch();
    for (const beat of beats.slice(1)) await outbox.add(beat);
    await outbox.release(sending.map((r) => r.seq));
    const ids = (await outbox.takeBatch()).map((r) => r.event.id);
    expect(ids).toEqual([beats[0]!.id, ...beats.slice(-HEARTBEATS_KEPT).map((b) => b.id)]);
  });
});
