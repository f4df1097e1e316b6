import type { Queryable } from '../db';
import { csvCell } from '../devices/csv';
import type { Account } from '../people/permissions';
import { listEvents, type EventQuery, type EventRow } from './query';

type Row = EventRow & { concern: { status: string; outcomes: string[] } | undefined; assetId: string | null };

/** The CSV's columns: header and value. */
const COLUMNS: [string, (r: Row) => unknown][] = [
  ['id', (r) => r.id],
  ['type', (r) => r.type],
  ['occurred_at', (r) => r.occurred_at],
  ['last_occurred_at', (r) => r.last_occurred_at],
  ['received_at', (r) => r.received_at],
  ['school_id', (r) => r.school_id],
  ['key_stage', (r) => r.key_stage],
  ['category', (r) => r.category],
  ['severity', (r) => r.severity],
  ['host', (r) => r.host],
  ['device', (r) => r.device],
  ['asset_id', (r) => r.assetId],
  ['count', (r) => r.count],
  ['concern_id', (r) => r.concern_id],
  ['concern_status', (r) => r.concern?.status ?? null],
  ['concern_outcomes', (r) => r.concern?.outcomes.join('; ') ?? null],
];

/** Events with their concern's status and outcomes, as CSV for the annual filtering review (formulas defused). */
export async function eventsCsv(db: Queryable, account: Account, query: EventQuery): Promise<string> {
  const events = await listEvents(db, account, { ...query, limit: 1_000_000 });
  const concerns = new Map(
    (
      await db.query<{ id: number; status: string; outcomes: string[] }>(
        'select id, status, outcomes from concerns where id = any($1::int[])',
        [[...new Set(events.map((e) => e.concern_id).filter((id): id is number => id !== null))]],
      )
    ).map((c) => [c.id, c]),
  );
  const assets = new Map(
    (
      await db.query<{ pseudonym: string; asset_id: string | null }>(
        'select pseudonym, asset_id from devices where pseudonym = any($1::text[])',
        [[...new Set(events.map((e) => e.device))]],
      )
    ).map((d) => [d.pseudonym, d.asset_id]),
  );
  const lines = [COLUMNS.map(([header]) => csvCell(header)).join(',')];
  for (const e of [...events].reverse()) {
    const row: Row = {
      ...e,
      concern: e.concern_id === null ? undefined : concerns.get(e.concern_id),
      assetId: assets.get(e.device) ?? null,
    };
    lines.push(COLUMNS.map(([, value]) => csvCell(value(row))).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
