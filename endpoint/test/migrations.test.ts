import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db';
import { loadMigrations, runMigrations } from '../src/migrations';
import { sessionAccount } from '../src/people/accounts';
import { pageClient } from './browser-client';
import { startEndpoint, wireEvent, type RunningEndpoint } from './helpers';
import { seedFlatInbox } from './legacy-data';

describe('migrations', () => {
  it('are numbered without gaps and refuse a database migrated by a newer server', async () => {
    const versions = loadMigrations().map((m) => m.version);
    expect(versions).toEqual(versions.map((_, i) => i + 1));
    const dir = mkdtempSync(join(tmpdir(), 'safeguard-migrations-'));
    try {
      writeFileSync(join(dir, '0001_a.sql'), 'select 1;');
      writeFileSync(join(dir, '0003_c.sql'), 'select 1;');
      expect(() => loadMigrations(dir)).toThrow(/without gaps/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * An upgrade from the first endpoint (schema 0001, the flat inbox) with its data: the DSL account and a live
 * session, events, incident records and their audit trail. After the upgrade, nothing is lost and the old records
 * sit in concerns.
 */
describe('upgrade from the flat inbox with data in it', () => {
  let db: Database;
  let ep: RunningEndpoint;
  const sessionToken = 'old-session-token';
  const device = 'ef'.repeat(16);
  const report = wireEvent({ device, type: 'reported', category: null, host: 'video.example', occurredAt: '2026-11-20T10:00:00.000Z' });
  const recordedBlock = wireEvent({ device, category: 'games', host: 'roblox.com', occurredAt: '2026-11-20T11:00:00.000Z' });
  const routine = wireEvent({ device, category: 'games', host: 'minecraft.net', occurredAt: '2026-11-20T12:00:00.000Z' });

  beforeAll(async () => {
    db = await openDatabase({ migrateUpTo: 1 });
    await seedFlatInbox(db, { sessionToken, report, recordedBlock, routine });
    expect(await runMigrations(db)).toEqual([2, 3, 4, 5]);
    expect(await runMigrations(db)).toEqual([]);
    ep = await startEndpoint({ database: db, config: { dslPassword: undefined } });
  });
  afterAll(() => ep.close());

  it('keeps the account, its password and its live session', async () => {
    expect(await sessionAccount(db, sessionToken, new Date())).toMatchObject({ name: 'dsl', role: 'dsl', schoolIds: null });
    const c = pageClient(ep.url);
    expect((await c.logIn('dsl', 'the old dsl password')).status).toBe(303);
  });

  it('keeps every event and groups them into concerns; old records become notes, outcomes and plain-English history', async () => {
    expect((await db.query<{ n: number }>('select count(*)::int as n from events'))[0]!.n).toBe(3);
    expect((await db.query('select 1 from events where not grouped')).length).toBe(0);
    const { body } = await ep.api<{ concerns: { id: number; kind: string; status: string; outcomes: string[] }[] }>(
      `/concerns?device=${device}&status=all`,
    );
    const reportConcern = body.concerns.find((c) => c.kind === 'report')!;
    expect(reportConcern).toMatchObject({ status: 'in-progress', outcomes: expect.arrayContaining(['police-ceop', 'parents-informed']) });
    // The routine block someone recorded something about keeps its record in a concern of its own.
    expect(body.concerns.find((c) => c.kind === 'blocked')).toMatchObject({ status: 'in-progress' });
    expect(body.concerns).toHaveLength(2);
    const [routineRow] = await db.query<{ concern_id: number | null }>('select concern_id from events where id = $1', [routine.id]);
    expect(routineRow!.concern_id).toBeNull();
    const record = await ep.api<{ notes: { body: string }[] }>(`/concerns/${reportConcern.id}`);
    expect(record.body.notes[0]!.body).toMatch(
      /Recorded in the earlier inbox by dsl[\s\S]*deliberate[\s\S]*Action taken: Spoke to the pupil\.[\s\S]*Notes: Mum called back\./,
    );
    const c = pageClient(ep.url);
    await c.logIn('dsl', 'the old dsl password');
    const page = await c.text(`/concerns/${reportConcern.id}`);
    expect(page).toContain('Before the upgrade: Parents or carers informed: No → Yes');
    expect(page).toContain('Before the upgrade: Accidental or deliberate: Not recorded → Deliberate');
    expect(page).not.toMatch(/parents_informed|false→true/);
  });

  it('lists the devices already heard from in the register', async () => {
    const { body } = await ep.api<{ device: { pseudonym: string; lastSeenAt: string } }>(`/devices/${device}`);
    expect(body.device.pseudonym).toBe(device);
    expect(body.device.lastSeenAt).not.toBeNull();
  });

  it('refuses to start on a database a newer server migrated', async () => {
    await db.query("insert into schema_migrations (version, name) values (99, 'from-the-future')");
    try {
      await expect(runMigrations(db)).rejects.toThrow(/newer endpoint/);
    } finally {
      await db.query('delete from schema_migrations where version = 99');
    }
  });
});
