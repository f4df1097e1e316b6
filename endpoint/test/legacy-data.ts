import { createHash } from 'node:crypto';
import type { WireEvent } from '../../src/core/events/schema';
import type { Database } from '../src/db';
import { hashPassword } from '../src/people/secrets';

/**
 * Fills a database at schema 0001 as the first endpoint (the flat inbox) did: the DSL account with password
 * "the old dsl password" and a live session, three events, incident records on two of them (one deliberate with
 * escalations and notes, one accidental) and the first one's audit trail.
 */
export async function seedFlatInbox(
  db: Database,
  data: { sessionToken: string; report: WireEvent; recordedBlock: WireEvent; routine: WireEvent },
): Promise<void> {
  const { report, recordedBlock, routine } = data;
  await db.query('insert into users (name, password_hash) values ($1, $2)', ['dsl', await hashPassword('the old dsl password')]);
  await db.query('insert into sessions (token_hash, user_name, csrf_token, expires_at) values ($1, $2, $3, $4)', [
    createHash('sha256').update(data.sessionToken).digest('hex'),
    'dsl',
    'csrf',
    new Date(Date.now() + 3600_000),
  ]);
  // The first endpoint's columns are the wire fields in snake_case.
  const rows = [report, recordedBlock, routine].map((e) =>
    Object.fromEntries(Object.entries(e).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v])),
  );
  const columns = Object.keys(rows[0] ?? {}).join(', ');
  await db.query(`insert into events (${columns}) select ${columns} from json_populate_recordset(null::events, $1)`, [
    JSON.stringify(rows),
  ]);
  const incident = `insert into incidents (event_id, nature, action_taken, escalated_iwf, escalated_ceop, escalated_police, parents_informed, notes, updated_at, updated_by)
    values ($1, $2, $3, false, $4, false, $5, $6, $7, 'dsl')`;
  await db.query(incident, [
    report.id,
    'deliberate',
    'Spoke to the pupil.',
    true,
    true,
    'Mum called back.',
    new Date('2026-11-20T15:00:00Z'),
  ]);
  await db.query(incident, [recordedBlock.id, 'accidental', '', false, false, '', new Date('2026-11-20T15:05:00Z')]);
  for (const [field, from, to] of [
    ['nature', 'not-recorded', 'deliberate'],
    ['parents_informed', 'false', 'true'],
  ]) {
    await db.query('insert into incident_audit (event_id, at, actor, field, old_value, new_value) values ($1, $2, $3, $4, $5, $6)', [
      report.id,
      new Date('2026-11-20T15:00:00Z'),
      'dsl',
      field,
      from,
      to,
    ]);
  }
}
