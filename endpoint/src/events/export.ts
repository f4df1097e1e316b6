import type { Queryable } from '../db';
import { csvCell } from '../devices/csv';
import type { Account } from '../people/permissions';
import { listEvents, type EventQuery } from './query';

const HEADER = [
  'id',
  'type',
  'occurred_at',
  'last_occurred_at',
  'received_at',
  'school_id',
  'key_stage',
  'category',
  'severity',
  'host',
  'device',
  'asset_id',
  'count',
  'concern_id',
  'concern_status',
  'concern_outcomes',
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
  const lines = [HEADER.map(csvCell).join(',')];
  for (const e of [...events].reverse()) {
    const concern = e.concern_id === null ? undefined : concerns.get(e.concern_id);
    lines.push(
      [
        e.id,
        e.type,
        e.occurred_at,
        e.last_occurred_at,
        e.received_at,
        e.school_id,
        e.key_stage,
        e.category,
        e.severity,
        e.host,
        e.device,
        assets.get(e.device) ?? null,
        e.count,
        e.concern_id,
        concern?.status ?? null,
        concern?.outcomes.join('; ') ?? null,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
