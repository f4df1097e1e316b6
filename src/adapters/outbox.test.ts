import { describe, expect, it } from 'vitest';
import type { WireEvent } from '@/src/core/events/schema';
import { testWireEvent } from '@/test/fixtures/wire-event';
import { openSafeguardDb } from './db';
import { createOutbox } from './outbox';

let dbCounter = 0;
const freshDb = () => openSafeguardDb(`outbox-test-${++dbCounter}`);

let idCounter = 0;
const event = (type: WireEvent['type'] = 'blocked', host = 'a.example'): WireEvent =>
  testWireEvent({ type, host, secondsAfter9am: ++idCounter % 60 });

describe('outbox', () => {
  it('keeps events in order, hands out batches, and deletes only acknowledged ones', async () => {
    const db = await freshDb();
    const outbox = createOutbox(db);
    const events = [event(), event(), event()];
    for (const e of events) await outbox.add(e);
    const batch = await outbox.takeBatch(2);
    expect(batch.map((r) => r.event.id)).toEqual(events.slice(0, 2).map((e) => e.id));
    // Events already handed out are not handed out again while in flight.
    expect((await outbox.takeBatch(5)).map((r) => r.event.id)).toEqual([events[2]!.id]);
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
    await before.takeBatch(1);
    const after = createOutbox(await openSafeguardDb(name));
    expect((await after.takeBatch()).length).toBe(2);
  });

  it('when full, folds old blocked events but keeps every reported event', async () => {
    const outbox = createOutbox(await freshDb(), { capacity: 10, foldTarget: 6 });
    const reported = [event('reported'), event('reported'), event('reported')];
    for (const e of reported) await outbox.add(e);
    for (let i = 0; i < 20; i++) await outbox.add(event('blocked', i % 2 ? 'a.example' : 'b.example'));
    expect(await outbox.count()).toBeLessThanOrEqual(10);
    const all = await outbox.takeBatch(100);
    expect(all.filter((r) => r.event.type === 'reported').map((r) => r.event.id)).toEqual(reported.map((e) => e.id));
    const blockedTotal = all.filter((r) => r.event.type === 'blocked').reduce((n, r) => n + r.event.count, 0);
    expect(blockedTotal).toBe(20);
  });

  it('does not fold events that are being sent', async () => {
    const outbox = createOutbox(await freshDb(), { capacity: 3, foldTarget: 2 });
    await outbox.add(event('blocked', 'a.example'));
    await outbox.add(event('blocked', 'a.example'));
    const sending = await outbox.takeBatch(2);
    await outbox.add(event('blocked', 'a.example'));
    await outbox.add(event('blocked', 'a.example'));
    const rest = await outbox.takeBatch(10);
    expect(await outbox.count()).toBe(3);
    expect(rest).toEqual([expect.objectContaining({ event: expect.objectContaining({ count: 2 }) })]);
    await outbox.acknowledge(sending.map((r) => r.seq));
    expect(await outbox.count()).toBe(1);
  });
});
