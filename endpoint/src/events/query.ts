import type { EventTypeV2 } from '../../../src/core/events/schema-v2';
import type { Queryable } from '../db';
import { schoolFilter, type Account } from '../people/permissions';

/** Stored events as the DSL reads them: the API's list, a device's chronology, a concern's events. */

export interface EventRow {
  id: string;
  type: EventTypeV2;
  occurred_at: Date;
  last_occurred_at: Date | null;
  received_at: Date;
  school_id: string | null;
  key_stage: string;
  category: string | null;
  host: string | null;
  device: string;
  device_id_kind: string;
  count: number;
  detail: Record<string, string | number | boolean>;
  schema_version: number;
  severity: string | null;
  term: string | null;
  url: string | null;
  concern_id: number | null;
}

const EVENT_COLUMNS = `e.id, e.type, e.occurred_at, e.last_occurred_at, e.received_at, e.school_id, e.key_stage, e.category, e.host,
  e.device, e.device_id_kind, e.count, e.detail, e.schema_version, e.severity, e.term, e.url, e.concern_id`;

export interface EventQuery {
  types?: EventTypeV2[];
  since?: Date;
  until?: Date;
  device?: string;
  concernId?: number;
  /** Heartbeats are device health, not safeguarding: left out unless asked for by type. */
  includeHeartbeats?: boolean;
  order?: 'received' | 'occurred';
  limit?: number;
}

/** Newest first; held-back events (their key awaits approval) are never listed. */
export async function listEvents(db: Queryable, account: Account, query: EventQuery): Promise<EventRow[]> {
  const params: unknown[] = [];
  const where = ['not e.held_back', schoolFilter(account, 'e.school_id', params)];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    where.push(clause.replace('?', `$${params.length}`));
  };
  if (query.types?.length) add('e.type = any(?::text[])', query.types);
  else if (!query.includeHeartbeats) where.push("e.type <> 'heartbeat'");
  const time = query.order === 'occurred' ? 'e.occurred_at' : 'e.received_at';
  if (query.since) add(`${time} >= ?`, query.since);
  if (query.until) add(`${time} < ?`, query.until);
  if (query.device) add('e.device = ?', query.device);
  if (query.concernId !== undefined) add('e.concern_id = ?', query.concernId);
  params.push(query.limit ?? 500);
  const order = query.order === 'occurred' ? 'e.occurred_at desc, e.id' : 'e.received_at desc, e.occurred_at desc, e.id';
  return db.query<EventRow>(
    `select ${EVENT_COLUMNS} from events e where ${where.join(' and ')} order by ${order} limit $${params.length}`,
    params,
  );
}

/** An event in its wire shape (camelCase, as the device sent it), with when it was received. */
export function wireShape(row: EventRow) {
  const iso = (d: Date | null) => (d === null ? null : new Date(d).toISOString());
  return {
    schemaVersion: row.schema_version,
    id: row.id,
    type: row.type,
    occurredAt: iso(row.occurred_at) ?? '',
    lastOccurredAt: iso(row.last_occurred_at),
    receivedAt: iso(row.received_at) ?? '',
    schoolId: row.school_id,
    keyStage: row.key_stage,
    category: row.category,
    severity: row.severity,
    host: row.host,
    device: row.device,
    deviceIdKind: row.device_id_kind,
    count: row.count,
    term: row.term,
    url: row.url,
    detail: row.detail,
    concernId: row.concern_id,
  };
}

export interface FilteringStatistics {
  byType: { type: string; events: number }[];
  routineByCategory: { category: string | null; events: number; devices: number }[];
  byKeyStage: { key_stage: string; events: number }[];
  topHosts: { host: string; category: string | null; events: number }[];
}

/**
 * Filtering statistics over a period (what IT and the annual filtering review need): every blocked visit
 * counts, including those inside concerns; folded repeats count as many times as they happened.
 */
export async function filteringStatistics(db: Queryable, account: Account, from: Date, to: Date): Promise<FilteringStatistics> {
  const params: unknown[] = [from, to];
  const scope = `e.received_at >= $1 and e.received_at < $2 and not e.held_back and ${schoolFilter(account, 'e.school_id', params)}`;
  const [byType, routineByCategory, byKeyStage, topHosts] = await Promise.all([
    db.query<{ type: string; events: number }>(
      `select type, sum(count)::int as events from events e where ${scope} and type <> 'heartbeat' group by type order by events desc`,
      params,
    ),
    db.query<{ category: string | null; events: number; devices: number }>(
      `select category, sum(count)::int as events, count(distinct device)::int as devices from events e
       where ${scope} and type = 'blocked' group by category order by events desc`,
      params,
    ),
    db.query<{ key_stage: string; events: number }>(
      `select key_stage, sum(count)::int as events from events e where ${scope} and type = 'blocked' group by key_stage order by key_stage`,
      params,
    ),
    db.query<{ host: string; category: string | null; events: number }>(
      `select host, max(category) as category, sum(count)::int as events from events e
       where ${scope} and type = 'blocked' and host is not null group by host order by events desc, host limit 20`,
      params,
    ),
  ]);
  return { byType, routineByCategory, byKeyStage, topHosts };
}

/** Blocked visits since `since` that are statistics only (in no concern): the home page's "routine blocks today". */
export async function routineBlocksSince(db: Queryable, account: Account, since: Date): Promise<number> {
  const params: unknown[] = [since];
  const [row] = await db.query<{ n: number }>(
    `select coalesce(sum(count), 0)::int as n from events e
     where e.type = 'blocked' and e.concern_id is null and not e.held_back and e.received_at >= $1 and ${schoolFilter(account, 'e.school_id', params)}`,
    params,
  );
  return row?.n ?? 0;
}
