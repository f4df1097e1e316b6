/**
 * Benchmark: events the reference endpoint accepts per second, with the embedded PGlite and with
 * a PostgreSQL server (a throwaway one started here when the binaries exist). Baseline for each
 * database: the same rows inserted directly with the endpoint's insert statement, no HTTP, no
 * signature or schema check. Prints a Markdown section on stdout.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { openDatabase, type DatabaseOptions } from '../../endpoint/src/db';
import { fromV1, insertEvents } from '../../endpoint/src/ingest/event-rows';
import { createNotifier } from '../../endpoint/src/notify';
import { createEndpointServer } from '../../endpoint/src/server';
import { postgresBinDir, startTempPostgres } from '../../endpoint/test/postgres';
import { testWireEvent } from '../fixtures/wire-event';
import type { WireEvent } from '../../src/core/events/schema';
import { SIGNATURE_HEADER, signatureHeaderValue } from '../../src/core/events/signing';

const TOKEN = 'bench-token';
const EVENTS = process.argv.includes('--quick') ? 5_000 : 20_000;
const BATCH = 500;
const CONCURRENCY = 4;

const makeEvents = (): WireEvent[] =>
  Array.from({ length: EVENTS }, (_, i) =>
    testWireEvent({
      id: randomUUID(),
      occurredAt: new Date(Date.now() - i * 1000).toISOString(),
      schoolId: 'URN-BENCH',
      keyStage: 'KS3',
      host: `site-${i % 500}.example`,
      device: 'cd'.repeat(16),
      deviceIdKind: 'directory',
    }),
  );

function batches(events: WireEvent[]): WireEvent[][] {
  const out: WireEvent[][] = [];
  for (let i = 0; i < events.length; i += BATCH) out.push(events.slice(i, i + BATCH));
  return out;
}

/** Events/s through HTTP: signed POSTs from CONCURRENCY clients, as many devices would send. */
async function endpointRate(options: DatabaseOptions): Promise<number> {
  const db = await openDatabase(options);
  const endpoint = await createEndpointServer(
    db,
    { token: TOKEN, dslUser: 'dsl', dslPassword: 'x', secureCookies: false },
    createNotifier({ categories: [] }, () => undefined),
  );
  await new Promise<void>((done) => endpoint.server.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(endpoint.server.address() as AddressInfo).port}/events`;
  try {
    const queue = batches(makeEvents());
    const start = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let batch = queue.shift(); batch; batch = queue.shift()) {
          const body = JSON.stringify({ events: batch });
          const signature = await signatureHeaderValue(TOKEN, body, Date.now() / 1000, randomUUID().replaceAll('-', ''));
          const res = await fetch(url, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}`, [SIGNATURE_HEADER]: signature },
            body,
          });
          if (res.status !== 200) throw new Error(`POST failed: ${res.status} ${await res.text()}`);
        }
      }),
    );
    return EVENTS / ((performance.now() - start) / 1000);
  } finally {
    endpoint.server.closeAllConnections();
    await new Promise((done) => endpoint.server.close(done));
    await db.close();
  }
}

/** Baseline: the endpoint's own insert, called directly with the same batches. */
async function bareInsertRate(options: DatabaseOptions): Promise<number> {
  const db = await openDatabase(options);
  try {
    const all = batches(makeEvents());
    const start = performance.now();
    for (const batch of all) await insertEvents(db, batch.map(fromV1));
    return EVENTS / ((performance.now() - start) / 1000);
  } finally {
    await db.close();
  }
}

const fmt = (n: number, d = 0) => n.toLocaleString('en-GB', { maximumFractionDigits: d, minimumFractionDigits: d });
const rows: string[] = [];
const figures: Record<string, number> = {};
async function measure(label: string, options: DatabaseOptions) {
  const bare = await bareInsertRate(options);
  const http = await endpointRate(options);
  figures[label] = http;
  console.error(`endpoint ingest ${label}: ${fmt(http)} events/s through HTTP, ${fmt(bare)} events/s bare insert`);
  rows.push(`| ${label} | ${fmt(http)} | ${fmt(bare)} | **${fmt(http / bare, 2)}×** |`);
}

await measure('PGlite (embedded, in memory)', {});
let postgresNote = '';
if (postgresBinDir()) {
  const server = await startTempPostgres();
  try {
    await measure('PostgreSQL server (DATABASE_URL, local)', { databaseUrl: server.url });
  } finally {
    await server.stop();
  }
  const [lite, pg] = [figures['PGlite (embedded, in memory)']!, figures['PostgreSQL server (DATABASE_URL, local)']!];
  postgresNote = ` With PostgreSQL the endpoint accepts **${fmt(pg / lite, 2)}×** the events per second it accepts with PGlite.`;
} else {
  postgresNote = ' PostgreSQL binaries were not found, so the PostgreSQL row is missing.';
}
console.log(
  [
    '## Reference endpoint: accepted events per second',
    '',
    `${fmt(EVENTS)} new events in signed batches of ${BATCH}, POSTed by ${CONCURRENCY} concurrent clients to the endpoint on loopback (token, signature, replay check, schema validation, de-duplicating insert). Baseline: the same batches through the endpoint's insert statement directly, no HTTP or checks. One run each.${postgresNote}`,
    '',
    '| Database | Endpoint events/s | Bare insert events/s | Ratio |',
    '|---|---:|---:|---:|',
    ...rows,
  ].join('\n'),
);
