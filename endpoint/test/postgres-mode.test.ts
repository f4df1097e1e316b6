import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveIncident, EMPTY_INCIDENT } from '../src/store';
import { postEvents, signedHeaders, startEndpoint, wireEvent, type RunningEndpoint } from './helpers';
import { postgresBinDir, startTempPostgres, type TempPostgres } from './postgres';

const bin = postgresBinDir();
if (!bin) console.warn('PostgreSQL binaries (initdb, postgres) not found: the DATABASE_URL tests are skipped. Set PG_BIN to their folder.');

describe.skipIf(!bin)('endpoint on a real PostgreSQL server (DATABASE_URL)', () => {
  let server: TempPostgres;
  let ep: RunningEndpoint;
  beforeAll(async () => {
    server = await startTempPostgres();
    ep = await startEndpoint({ db: { databaseUrl: server.url } });
  });
  afterAll(async () => {
    await ep?.close();
    await server?.stop();
  });

  it('uses PostgreSQL, runs the same migration twice, de-duplicates and rejects replays', async () => {
    expect(ep.db.kind).toBe('postgres');
    const { openDatabase } = await import('../src/db');
    await (await openDatabase({ databaseUrl: server.url })).close();
    const event = wireEvent();
    expect(await (await postEvents(ep.url, [event])).json()).toEqual({ accepted: 1, duplicates: 0 });
    expect(await (await postEvents(ep.url, [event])).json()).toEqual({ accepted: 0, duplicates: 1 });
    const body = JSON.stringify({ events: [wireEvent()] });
    const headers = await signedHeaders(body);
    expect((await fetch(`${ep.url}/events`, { method: 'POST', headers, body })).status).toBe(200);
    expect((await fetch(`${ep.url}/events`, { method: 'POST', headers, body })).status).toBe(409);
  });

  it('keeps the incident record and its audit trail', async () => {
    const event = wireEvent({ type: 'reported', category: null });
    await postEvents(ep.url, [event]);
    expect(await saveIncident(ep.db, event.id, { ...EMPTY_INCIDENT, nature: 'deliberate', escalated_police: true }, 'dsl')).toEqual([
      'nature',
      'escalated_police',
    ]);
    const rows = await ep.db.query('select field, new_value from incident_audit where event_id = $1 order by seq', [event.id]);
    expect(rows).toEqual([
      { field: 'nature', new_value: 'deliberate' },
      { field: 'escalated_police', new_value: 'true' },
    ]);
  });
});
