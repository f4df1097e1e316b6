import { CATEGORIES } from '../../src/core/categories';
import { EVENT_TYPES } from '../../src/core/events/schema';
import { KEY_STAGES } from '../../src/core/key-stages';
import type { Database } from './db';

export interface EventFilters {
  type?: string;
  category?: string;
  keyStage?: string;
  /** YYYY-MM-DD, inclusive, on received time (UTC). */
  from?: string;
  to?: string;
}

export interface EventRow {
  id: string;
  type: string;
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
  detail: Record<string, unknown>;
}

export const NATURES = ['not-recorded', 'accidental', 'deliberate'] as const;

export interface IncidentRecord {
  nature: (typeof NATURES)[number];
  action_taken: string;
  escalated_iwf: boolean;
  escalated_ceop: boolean;
  escalated_police: boolean;
  parents_informed: boolean;
  notes: string;
}

export const INCIDENT_FIELDS = [
  'nature',
  'action_taken',
  'escalated_iwf',
  'escalated_ceop',
  'escalated_police',
  'parents_informed',
  'notes',
] as const;

export const EMPTY_INCIDENT: IncidentRecord = {
  nature: 'not-recorded',
  action_taken: '',
  escalated_iwf: false,
  escalated_ceop: false,
  escalated_police: false,
  parents_informed: false,
  notes: '',
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Keeps only filter values the inbox knows, so a crafted query string changes nothing else. */
export function cleanFilters(query: URLSearchParams): EventFilters {
  const pick = (name: string, allowed: readonly string[]) => {
    const value = query.get(name);
    return value && allowed.includes(value) ? value : undefined;
  };
  const date = (name: string) => {
    const value = query.get(name);
    return value && DATE.test(value) && !Number.isNaN(Date.parse(value)) ? value : undefined;
  };
  const filters: EventFilters = {};
  const type = pick('type', EVENT_TYPES);
  const category = pick('category', CATEGORIES);
  const keyStage = pick('keyStage', KEY_STAGES);
  const from = date('from');
  const to = date('to');
  if (type) filters.type = type;
  if (category) filters.category = category;
  if (keyStage) filters.keyStage = keyStage;
  if (from) filters.from = from;
  if (to) filters.to = to;
  return filters;
}

function whereClause(filters: EventFilters): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    where.push(clause.replace('?', `$${params.length}`));
  };
  if (filters.type) add('e.type = ?', filters.type);
  if (filters.category) add('e.category = ?', filters.category);
  if (filters.keyStage) add('e.key_stage = ?', filters.keyStage);
  if (filters.from) add('e.received_at >= ?', new Date(`${filters.from}T00:00:00Z`));
  if (filters.to) add('e.received_at < ?', new Date(Date.parse(`${filters.to}T00:00:00Z`) + 86_400_000));
  return { sql: where.length ? `where ${where.join(' and ')}` : '', params };
}

export async function listEvents(db: Database, filters: EventFilters, limit = 500): Promise<(EventRow & { nature: string | null })[]> {
  const { sql, params } = whereClause(filters);
  return db.query(
    `select e.*, i.nature from events e left join incidents i on i.event_id = e.id ${sql}
     order by e.received_at desc, e.occurred_at desc limit $${params.length + 1}`,
    [...params, limit],
  );
}

export async function getEvent(db: Database, id: string): Promise<EventRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const rows = await db.query<EventRow>('select * from events where id = $1', [id]);
  return rows[0] ?? null;
}

export async function getIncident(
  db: Database,
  eventId: string,
): Promise<(IncidentRecord & { updated_at: Date; updated_by: string }) | null> {
  const rows = await db.query<IncidentRecord & { updated_at: Date; updated_by: string }>('select * from incidents where event_id = $1', [
    eventId,
  ]);
  return rows[0] ?? null;
}

export interface AuditRow {
  at: Date;
  actor: string;
  field: string;
  old_value: string | null;
  new_value: string | null;
}

export async function incidentAudit(db: Database, eventId: string): Promise<AuditRow[]> {
  return db.query<AuditRow>('select at, actor, field, old_value, new_value from incident_audit where event_id = $1 order by seq', [
    eventId,
  ]);
}

/**
 * Saves the incident record and one audit row per changed field (who, when, before, after).
 * Returns the fields that changed.
 */
export async function saveIncident(
  db: Database,
  eventId: string,
  record: IncidentRecord,
  actor: string,
  now = new Date(),
): Promise<string[]> {
  const before = (await getIncident(db, eventId)) ?? EMPTY_INCIDENT;
  const changed = INCIDENT_FIELDS.filter((field) => before[field] !== record[field]);
  if (changed.length === 0) return [];
  await db.query(
    `insert into incidents (event_id, nature, action_taken, escalated_iwf, escalated_ceop, escalated_police, parents_informed, notes, updated_at, updated_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     on conflict (event_id) do update set nature = excluded.nature, action_taken = excluded.action_taken,
       escalated_iwf = excluded.escalated_iwf, escalated_ceop = excluded.escalated_ceop, escalated_police = excluded.escalated_police,
       parents_informed = excluded.parents_informed, notes = excluded.notes, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    [
      eventId,
      record.nature,
      record.action_taken,
      record.escalated_iwf,
      record.escalated_ceop,
      record.escalated_police,
      record.parents_informed,
      record.notes,
      now,
      actor,
    ],
  );
  for (const field of changed) {
    await db.query('insert into incident_audit (event_id, at, actor, field, old_value, new_value) values ($1, $2, $3, $4, $5, $6)', [
      eventId,
      now,
      actor,
      field,
      String(before[field]),
      String(record[field]),
    ]);
  }
  return changed;
}

/** Counts by type and category over a period, for the daily digest. */
export async function countsBetween(
  db: Database,
  from: Date,
  to: Date,
): Promise<{ type: string; category: string | null; events: number }[]> {
  return db.query(
    `select type, category, sum(count)::int as events from events
     where received_at >= $1 and received_at < $2 group by type, category order by type, category nulls first`,
    [from, to],
  );
}

/** One CSV cell: quoted, and a leading = + - @ defused so a spreadsheet never runs it as a formula. */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replaceAll('"', '""')}"`;
}

export async function exportCsv(db: Database, filters: EventFilters): Promise<string> {
  const { sql, params } = whereClause(filters);
  const rows = await db.query<EventRow & Partial<IncidentRecord> & { updated_by: string | null; updated_at: Date | null }>(
    `select e.*, i.nature, i.action_taken, i.escalated_iwf, i.escalated_ceop, i.escalated_police, i.parents_informed, i.notes, i.updated_by, i.updated_at
     from events e left join incidents i on i.event_id = e.id ${sql} order by e.received_at`,
    params,
  );
  const header = [
    'id',
    'type',
    'occurred_at',
    'last_occurred_at',
    'received_at',
    'school_id',
    'key_stage',
    'category',
    'host',
    'device',
    'count',
    'nature',
    'action_taken',
    'escalated_iwf',
    'escalated_ceop',
    'escalated_police',
    'parents_informed',
    'notes',
    'record_updated_by',
    'record_updated_at',
  ];
  const lines = [header.map(csvCell).join(',')];
  for (const r of rows) {
    lines.push(
      [
        r.id,
        r.type,
        r.occurred_at,
        r.last_occurred_at,
        r.received_at,
        r.school_id,
        r.key_stage,
        r.category,
        r.host,
        r.device,
        r.count,
        r.nature ?? 'not-recorded',
        r.action_taken ?? '',
        r.escalated_iwf ?? false,
        r.escalated_ceop ?? false,
        r.escalated_police ?? false,
        r.parents_informed ?? false,
        r.notes ?? '',
        r.updated_by,
        r.updated_at,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
