/**
 * Benchmark: 10 000 events queued in the outbox delivered to the reference endpoint on loopback
 * (target under 5 s), against a baseline of the same events POSTed as pre-built, pre-signed
 * batches with no outbox. The outbox runs on fake-indexeddb in Node (slower than Chromium's
 * IndexedDB, so the figure is pessimistic). Prints a Markdown section on stdout.
 */
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { openDatabase } from '../../endpoint/src/db';
import { createNotifier } from '../../endpoint/src/notify';
import { createEndpointServer } from '../../endpoint/src/server';
import { openSafeguardDb } from '../../src/adapters/db';
import { createOutbox } from '../../src/adapters/outbox';
import type { StateStore, StoredState } from '../../src/adapters/state-store';
import { createEventSender } from '../../src/background/event-sender';
import { MAX_BATCH_EVENTS } from '../../src/core/events/delivery';
import { testWireEvent } from '../fixtures/wire-event';
import type { WireEvent } from '../../src/core/events/schema';
import { SIGNATURE_HEADER, signatureHeaderValue } from '../../src/core/events/signing';

const EVENTS = 10_000;
const TOKEN = 'bench-token';

function makeEvents(): WireEvent[] {
  return Array.from({ length: EVENTS }, (_, i) =>
    testWireEvent({
      id: randomUUID(),
      type: i % 50 === 0 ? 'reported' : 'blocked',
      occurredAt: new Date(Date.now() - i * 1000).toISOString(),
      schoolId: 'URN-BENCH',
      keyStage: 'KS3',
      category: i % 50 === 0 ? null : 'gambling',
      host: `site-${i % 500}.example`,
      device: 'ab'.repeat(16),
    }),
  );
}

async function withEndpoint<T>(run: (url: string, count: () => Promise<number>) => Promise<T>): Promise<T> {
  const db = await openDatabase({});
  const endpoint = await createEndpointServer(
    db,
    { token: TOKEN, dslUser: 'dsl', dslPassword: 'x', secureCookies: false },
    createNotifier({ categories: [] }, () => undefined),
  );
  await new Promise<void>((done) => endpoint.server.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(endpoint.server.address() as AddressInfo).port}/events`;
  try {
    return await run(url, async () => (await db.query<{ n: number }>('select count(*)::int as n from events'))[0]!.n);
  } finally {
    endpoint.server.closeAllConnections();
    await new Promise((done) => endpoint.server.close(done));
    await db.close();
  }
}

function memoryState(): StateStore {
  const values: Partial<StoredState> = {};
  return {
    get: async (key) => (values[key] ?? null) as never,
    set: async (changes) => void Object.assign(values, changes),
  };
}

async function oursMs(): Promise<number> {
  const events = makeEvents();
  return withEndpoint(async (url, count) => {
    const outbox = createOutbox(await openSafeguardDb(`bench-outbox-${randomUUID()}`));
    for (const event of events) await outbox.add(event);
    const sender = createEventSender({
      outbox: async () => outbox,
      endpoint: async () => ({ url, token: TOKEN }),
      state: memoryState(),
      fetch,
      scheduleRetry: async () => undefined,
      cancelRetry: async () => undefined,
      now: () => new Date(),
      random: Math.random,
      nonce: () => randomUUID().replaceAll('-', ''),
    });
    const start = performance.now();
    const status = await sender.flush();
    const ms = performance.now() - start;
    if (status.waiting !== 0 || (await count()) !== EVENTS) throw new Error(`delivery incomplete: ${JSON.stringify(status)}`);
    return ms;
  });
}

async function baselineMs(): Promise<number> {
  const events = makeEvents();
  return withEndpoint(async (url, count) => {
    const bodies: { body: string; signature: string }[] = [];
    for (let i = 0; i < events.length; i += MAX_BATCH_EVENTS) {
      const body = JSON.stringify({ events: events.slice(i, i + MAX_BATCH_EVENTS) });
      bodies.push({ body, signature: await signatureHeaderValue(TOKEN, body, Date.now() / 1000, randomUUID().replaceAll('-', '')) });
    }
    const start = performance.now();
    for (const { body, signature } of bodies) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}`, [SIGNATURE_HEADER]: signature },
        body,
      });
      if (!res.ok) throw new Error(`baseline POST failed: ${res.status}`);
    }
    const ms = performance.now() - start;
    if ((await count()) !== EVENTS) throw new Error('baseline incomplete');
    return ms;
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const runs = process.argv.includes('--quick') ? 1 : 3;
const ours: number[] = [];
const bare: number[] = [];
for (let i = 0; i < runs; i++) {
  bare.push(await baselineMs());
  ours.push(await oursMs());
  console.error(`events delivery run ${i + 1}: outbox ${ours.at(-1)!.toFixed(0)} ms, bare POSTs ${bare.at(-1)!.toFixed(0)} ms`);
}
const fmt = (n: number, d = 0) => n.toLocaleString('en-GB', { maximumFractionDigits: d, minimumFractionDigits: d });
console.log(
  [
    '## Breach events: 10 000 queued events delivered (target under 5 s on loopback)',
    '',
    `The real outbox (IndexedDB via fake-indexeddb in Node, which is slower than Chromium's) and sender deliver ${fmt(EVENTS)} queued events in signed batches of ${MAX_BATCH_EVENTS} to the reference endpoint (PGlite) on loopback; the clock runs from the first send to an empty outbox. Baseline: the same events as pre-built, pre-signed batches POSTed one after another to a fresh endpoint, with no outbox. Alternating, ${runs} run(s) each, medians.`,
    '',
    '| Events | Outbox → endpoint ms | Bare POSTs ms | Ratio | Events/s delivered |',
    '|---:|---:|---:|---:|---:|',
    `| ${fmt(EVENTS)} | ${fmt(median(ours))} | ${fmt(median(bare))} | **${fmt(median(ours) / median(bare), 2)}×** | ${fmt(EVENTS / (median(ours) / 1000))} |`,
  ].join('\n'),
);
