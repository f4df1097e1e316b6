import { randomUUID } from 'node:crypto';
import type { DatabaseOptions } from '../../endpoint/src/db';
import { postgresBinDir, startTempPostgres } from '../../endpoint/test/postgres';
import type { WireEvent } from '../../src/core/events/schema';
import { SIGNATURE_HEADER, signatureHeaderValue } from '../../src/core/events/signing';
import { testWireEvent } from '../fixtures/wire-event';

/** The load both endpoint benchmarks send: many new blocked visits from one device, in signed batches from several clients. */

export const INGEST_BATCH = 500;
export const INGEST_CONCURRENCY = 4;
/** One device per concurrent client. */
export const loadDevices = (prefix: string): string[] =>
  Array.from({ length: INGEST_CONCURRENCY }, (_, i) => `${prefix}${i}`.padEnd(32, '0'));

/**
 * `count` new blocked gambling visits, one a second back from now, over 500 sites; batch `b` comes from
 * `devices[b % devices.length]`, so concurrent clients are different devices (as in a school).
 */
export const ingestEvents = (count: number, devices: string[]): WireEvent[] =>
  Array.from({ length: count }, (_, i) =>
    testWireEvent({
      id: randomUUID(),
      occurredAt: new Date(Date.now() - i * 1000).toISOString(),
      schoolId: 'URN-BENCH',
      keyStage: 'KS3',
      host: `site-${i % 500}.example`,
      device: devices[Math.floor(i / INGEST_BATCH) % devices.length] ?? '0'.repeat(32),
      deviceIdKind: 'directory',
    }),
  );

/** Request bodies of `INGEST_BATCH` events each. */
export function batchBodies(events: unknown[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < events.length; i += INGEST_BATCH) out.push(JSON.stringify({ events: events.slice(i, i + INGEST_BATCH) }));
  return out;
}

/** Version 1 headers for `body`: the bearer token and the HMAC signature, as the extension sends them. */
export async function v1Headers(token: string, body: string): Promise<Record<string, string>> {
  return {
    'content-type': 'application/json',
    authorization: `Bearer ${token}`,
    [SIGNATURE_HEADER]: await signatureHeaderValue(token, body, Date.now() / 1000, randomUUID().replaceAll('-', '')),
  };
}

/** Posts every body from `INGEST_CONCURRENCY` clients at once; returns events per second. */
export async function postConcurrently(bodies: string[], eventCount: number, post: (body: string) => Promise<Response>): Promise<number> {
  const queue = [...bodies];
  const start = performance.now();
  await Promise.all(
    Array.from({ length: INGEST_CONCURRENCY }, async () => {
      for (let body = queue.shift(); body !== undefined; body = queue.shift()) {
        const res = await post(body);
        if (res.status !== 200) throw new Error(`POST failed: ${res.status} ${await res.text()}`);
      }
    }),
  );
  return eventCount / ((performance.now() - start) / 1000);
}

export const PGLITE_LABEL = 'PGlite (embedded, in memory)';
export const POSTGRES_LABEL = 'PostgreSQL server (DATABASE_URL, local)';

/** Runs `measure` on PGlite, then on a throwaway PostgreSQL server when its binaries exist; false when they do not. */
export async function onBothDatabases(measure: (label: string, options: DatabaseOptions) => Promise<void>): Promise<boolean> {
  await measure(PGLITE_LABEL, {});
  if (!postgresBinDir()) return false;
  const server = await startTempPostgres();
  try {
    await measure(POSTGRES_LABEL, { databaseUrl: server.url });
  } finally {
    await server.stop();
  }
  return true;
}
