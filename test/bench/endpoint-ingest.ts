/**
 * Benchmark: events the reference endpoint accepts per second, with the embedded PGlite and with
 * a PostgreSQL server (a throwaway one started here when the binaries exist). Baseline for each
 * database: the same rows inserted directly with the endpoint's insert statement, no HTTP, no
 * signature or schema check. Prints a Markdown section on stdout.
 */
import type { AddressInfo } from 'node:net';
import { openDatabase, type DatabaseOptions } from '../../endpoint/src/db';
import { fromV1, insertEvents } from '../../endpoint/src/ingest/event-rows';
import { createNotifier } from '../../endpoint/src/notify';
import { createEndpointServer } from '../../endpoint/src/server';
import {
  batchBodies,
  ingestEvents,
  loadDevices,
  INGEST_BATCH,
  INGEST_CONCURRENCY,
  onBothDatabases,
  PGLITE_LABEL,
  POSTGRES_LABEL,
  postConcurrently,
  v1Headers,
} from './ingest-load';
import type { WireEvent } from '../../src/core/events/schema';

const TOKEN = 'bench-token';
const EVENTS = process.argv.includes('--quick') ? 5_000 : 20_000;

const makeEvents = (): WireEvent[] => ingestEvents(EVENTS, loadDevices('cd'));

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
    return await postConcurrently(batchBodies(makeEvents()), EVENTS, async (body) =>
      fetch(url, { method: 'POST', headers: await v1Headers(TOKEN, body), body }),
    );
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
    const events = makeEvents().map(fromV1);
    const start = performance.now();
    for (let i = 0; i < events.length; i += INGEST_BATCH) await insertEvents(db, events.slice(i, i + INGEST_BATCH));
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

let postgresNote = ' PostgreSQL binaries were not found, so the PostgreSQL row is missing.';
if (await onBothDatabases(measure)) {
  const [lite, pg] = [figures[PGLITE_LABEL]!, figures[POSTGRES_LABEL]!];
  postgresNote = ` With PostgreSQL the endpoint accepts **${fmt(pg / lite, 2)}×** the events per second it accepts with PGlite.`;
}
console.log(
  [
    '## Reference endpoint: accepted events per second',
    '',
    `${fmt(EVENTS)} new events in signed batches of ${INGEST_BATCH}, POSTed by ${INGEST_CONCURRENCY} concurrent clients (one device each) to the endpoint on loopback (token, signature, replay check, schema validation, de-duplicating insert). Baseline: the same batches through the endpoint's insert statement directly, no HTTP or checks. One run each.${postgresNote}`,
    '',
    '| Database | Endpoint events/s | Bare insert events/s | Ratio |',
    '|---|---:|---:|---:|',
    ...rows,
  ].join('\n'),
);
