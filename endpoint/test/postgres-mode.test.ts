import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignedDevice } from '../../test/fixtures/signed-device';
import { openDatabase } from '../src/db';
import { runMigrations } from '../src/migrations';
import { pageClient } from './browser-client';
import { PASSWORD, postEvents, signedHeaders, startEndpoint, TOKEN, wireEvent, type RunningEndpoint } from './helpers';
import { seedFlatInbox } from './legacy-data';
import { postgresBinDir, startTempPostgres, type TempPostgres } from './postgres';

const bin = postgresBinDir();
if (!bin) console.warn('PostgreSQL binaries (initdb, postgres) not found: the DATABASE_URL tests are skipped. Set PG_BIN to their folder.');

describe.skipIf(!bin)('endpoint on a real PostgreSQL server (DATABASE_URL)', () => {
  let server: TempPostgres;
  let ep: RunningEndpoint;
  beforeAll(async () => {
    server = await startTempPostgres();
    // Today's schema with data in it, then the same migrations PGlite runs.
    const legacy = await openDatabase({ databaseUrl: server.url, migrateUpTo: 1 });
    await seedFlatInbox(legacy, {
      sessionToken: 'pg-session',
      report: wireEvent({ type: 'reported', category: null }),
      recordedBlock: wireEvent({ category: 'games' }),
      routine: wireEvent({ category: 'games' }),
    });
    expect(await runMigrations(legacy)).toEqual([2, 3, 4, 5]);
    await legacy.close();
    ep = await startEndpoint({ db: { databaseUrl: server.url } });
  });
  afterAll(async () => {
    await ep?.close();
    await server?.stop();
  });

  it('uses PostgreSQL, upgraded with its data; the same migrations run once; v1 de-duplicates and refuses replays', async () => {
    expect(ep.db.kind).toBe('postgres');
    expect(await runMigrations(ep.db)).toEqual([]);
    expect(
      (await ep.api<{ concerns: { kind: string; status: string }[] }>('/concerns?status=all')).body.concerns
        .map((c) => [c.kind, c.status])
        .sort(),
    ).toEqual([
      ['blocked', 'in-progress'],
      ['report', 'in-progress'],
    ]);
    const event = wireEvent();
    expect(await (await postEvents(ep.url, [event])).json()).toEqual({ accepted: 1, duplicates: 0 });
    expect(await (await postEvents(ep.url, [event])).json()).toEqual({ accepted: 0, duplicates: 1 });
    const body = JSON.stringify({ events: [wireEvent()] });
    const headers = await signedHeaders(body);
    expect((await fetch(`${ep.url}/events`, { method: 'POST', headers, body })).status).toBe(200);
    expect((await fetch(`${ep.url}/events`, { method: 'POST', headers, body })).status).toBe(409);
  });

  it('v2: registers, holds a second key pending, and concurrent batches from one device open one concern', async () => {
    const device = await createSignedDevice();
    expect((await device.register(`${ep.url}/events`, TOKEN)).status).toBe(201);
    const batches = await Promise.all(
      Array.from({ length: 8 }, () =>
        device.post(`${ep.url}/events`, [device.event({ category: 'gambling' }), device.event({ category: 'gambling' })]),
      ),
    );
    expect(batches.map((b) => b.status)).toEqual(Array(8).fill(200));
    const concerns = (await ep.api<{ concerns: { kind: string; eventCount: number }[] }>(`/concerns?device=${device.pseudonym}`)).body
      .concerns;
    expect(concerns).toEqual([expect.objectContaining({ kind: 'repeated', eventCount: 16 })]);
    const second = await createSignedDevice({ device: device.pseudonym });
    expect((await second.register(`${ep.url}/events`, TOKEN)).status).toBe(202);
    expect((await second.post(`${ep.url}/events`, [second.event({ type: 'reported', category: null })])).status).toBe(202);
  });

  it('serves the workspace: a DSL logs in and works a concern', async () => {
    await postEvents(ep.url, [wireEvent({ device: '12'.repeat(16), type: 'reported', category: null })]);
    const [concern] = (await ep.api<{ concerns: { id: number }[] }>(`/concerns?device=${'12'.repeat(16)}`)).body.concerns;
    const c = pageClient(ep.url);
    expect((await c.logIn('dsl', PASSWORD)).status).toBe(303);
    const path = `/concerns/${concern!.id}`;
    const saved = await c.submit(path, path, [
      ['status', 'closed'],
      ['assignee', 'dsl'],
      ['outcomes', 'monitor'],
    ]);
    expect(saved.status).toBe(303);
    expect(await c.text(path)).toContain('Changed the status from New to Closed');
  });
});
