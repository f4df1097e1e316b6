import type { EventCategory, Severity } from '../../../src/core/alert-categories';
import type { Queryable } from '../db';
import { SEVERITY_RANK, type ConcernKind } from '../labels';
import type { WorkspaceSettings } from '../settings';
import { addDays, londonDay } from '../time';
import { classifyEvent, higherSeverity, type Classification, type GroupableEvent } from './classify';

/** A concern that just opened or gained events: what the alerting decides on. */
export interface ConcernActivity {
  concernId: number;
  created: boolean;
  kind: ConcernKind;
  category: EventCategory | null;
  severity: Severity;
  schoolId: string | null;
  events: GroupableEvent[];
}

interface Working {
  id: number;
  firstAt: number;
  lastAt: number;
  severity: Severity;
  activity: ConcernActivity;
}

const MINUTE = 60_000;

export interface Grouping {
  activity: ConcernActivity[];
  /** The concern each event joined (events left as statistics are absent). */
  concernOf: Map<string, number>;
}

/**
 * Puts new events into concerns: one device, one kind of harm, close in time. An event joins an open concern of
 * its device, kind and category within `groupWindowMinutes`, or opens a new one; blocks in a medium-severity
 * category open a "repeated attempts" concern only once enough fall within the repeat window (earlier ones then
 * join it too). Runs inside the ingest transaction under the device lock, so concurrent batches cannot open two
 * concerns for one thing; routine events are left as statistics. `unstored`: events not in the table yet (ingest
 * groups a batch before inserting it, so each row is written once with its concern); the rest are updated.
 */
export async function groupEvents(
  tx: Queryable,
  events: GroupableEvent[],
  settings: WorkspaceSettings,
  now: Date,
  unstored: ReadonlySet<string> = new Set(),
): Promise<Grouping> {
  const buckets = new Map<string, { classification: Exclude<Classification, { treatment: 'routine' }>; events: GroupableEvent[] }>();
  for (const event of events) {
    const classification = classifyEvent(event, settings);
    if (classification.treatment === 'routine') continue;
    const key = [event.device, event.schoolId, classification.kind, classification.category].join('|');
    const bucket = buckets.get(key) ?? { classification, events: [] };
    bucket.events.push(event);
    if (classification.treatment === 'concern') {
      bucket.classification = { ...classification, severity: higherSeverity(bucket.classification.severity, classification.severity) };
    }
    buckets.set(key, bucket);
  }
  const activity: ConcernActivity[] = [];
  const concernOf = new Map<string, number>();
  for (const { classification, events: bucketEvents } of buckets.values()) {
    for (const touched of await groupBucket(tx, classification, bucketEvents, settings, now, unstored)) {
      activity.push(touched);
      for (const e of touched.events) concernOf.set(e.id, touched.concernId);
    }
  }
  return { activity, concernOf };
}

async function groupBucket(
  tx: Queryable,
  classification: Exclude<Classification, { treatment: 'routine' }>,
  events: GroupableEvent[],
  settings: WorkspaceSettings,
  now: Date,
  unstored: ReadonlySet<string>,
): Promise<ConcernActivity[]> {
  const sorted = [...events].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  const first = sorted[0];
  const last = sorted.at(-1);
  if (!first || !last) return [];
  const join = settings.groupWindowMinutes * MINUTE;
  const near = (c: Working, t: number) => t >= c.firstAt - join && t <= c.lastAt + join;
  const touched = new Map<number, Working>();

  let current = await findOpenConcern(tx, first, classification, first.occurredAt.getTime() - join, last.occurredAt.getTime() + join);
  const attach = (concern: Working, event: GroupableEvent) => {
    const t = event.occurredAt.getTime();
    concern.firstAt = Math.min(concern.firstAt, t);
    concern.lastAt = Math.max(concern.lastAt, t);
    concern.activity.events.push(event);
    touched.set(concern.id, concern);
  };
  // Unconcerned blocks of this device and category inside the repeat window (this batch's included).
  const repeatWindow = settings.repeatWindowMinutes * MINUTE;
  // Read only when an event joins no open concern (an open "repeated attempts" concern takes the rest at once).
  let pool: GroupableEvent[] | null = null;
  const repeatPool = async (category: EventCategory) =>
    (pool ??= [
      ...(await unconcernedBlocks(tx, first, category, new Date(first.occurredAt.getTime() - repeatWindow), last.occurredAt)),
      ...sorted.filter((e) => unstored.has(e.id)),
    ]);
  const attached = new Set<string>();

  for (const event of sorted) {
    if (attached.has(event.id)) continue;
    const t = event.occurredAt.getTime();
    if (current && near(current, t)) {
      attach(current, event);
      attached.add(event.id);
      continue;
    }
    if (classification.treatment === 'concern') {
      current = await openConcern(tx, event, classification, settings, now);
      attach(current, event);
      attached.add(event.id);
      continue;
    }
    const inWindow = (await repeatPool(classification.category)).filter(
      (p) => !attached.has(p.id) && p.occurredAt.getTime() >= t - repeatWindow && p.occurredAt.getTime() <= t,
    );
    if (inWindow.reduce((n, p) => n + p.count, 0) < settings.repeatThreshold) continue;
    current = await openConcern(tx, inWindow[0] ?? event, classification, settings, now);
    for (const p of inWindow) {
      attach(current, p);
      attached.add(p.id);
    }
  }
  for (const concern of touched.values()) await saveAttachments(tx, concern, now, unstored);
  return [...touched.values()].map((c) => c.activity);
}

async function findOpenConcern(
  tx: Queryable,
  event: GroupableEvent,
  classification: Exclude<Classification, { treatment: 'routine' }>,
  from: number,
  to: number,
): Promise<Working | null> {
  const [row] = await tx.query<{ id: number; first_at: Date; last_at: Date; severity: Severity }>(
    `select id, first_at, last_at, severity from concerns
     where device = $1 and kind = $2 and category is not distinct from $3 and school_id is not distinct from $4
       and status <> 'closed' and last_at >= $5 and first_at <= $6
     order by last_at desc limit 1`,
    [event.device, classification.kind, classification.category, event.schoolId, new Date(from), new Date(to)],
  );
  if (!row) return null;
  const severity = higherSeverity(row.severity, classification.severity);
  return {
    id: row.id,
    firstAt: new Date(row.first_at).getTime(),
    lastAt: new Date(row.last_at).getTime(),
    severity,
    activity: {
      concernId: row.id,
      created: false,
      kind: classification.kind,
      category: classification.category,
      severity,
      schoolId: event.schoolId,
      events: [],
    },
  };
}

/** Opens a concern (status new, due by the school's default for its severity). */
export async function insertConcern(
  tx: Queryable,
  fields: {
    device: string;
    schoolId: string | null;
    kind: ConcernKind;
    category: EventCategory | null;
    severity: Severity;
    at: Date;
    keyId?: string;
  },
  settings: WorkspaceSettings,
  now: Date,
): Promise<number> {
  const [row] = await tx.query<{ id: number }>(
    `insert into concerns (school_id, device, kind, category, severity, severity_rank, due_on, first_at, last_at, key_id, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10, $10) returning id`,
    [
      fields.schoolId,
      fields.device,
      fields.kind,
      fields.category,
      fields.severity,
      SEVERITY_RANK[fields.severity],
      addDays(londonDay(now), settings.dueDays[fields.severity]),
      fields.at,
      fields.keyId ?? null,
      now,
    ],
  );
  if (!row) throw new Error('The concern was not stored.');
  return row.id;
}

async function openConcern(
  tx: Queryable,
  event: GroupableEvent,
  classification: Exclude<Classification, { treatment: 'routine' }>,
  settings: WorkspaceSettings,
  now: Date,
): Promise<Working> {
  const id = await insertConcern(
    tx,
    { ...classification, device: event.device, schoolId: event.schoolId, at: event.occurredAt },
    settings,
    now,
  );
  const t = event.occurredAt.getTime();
  return {
    id,
    firstAt: t,
    lastAt: t,
    severity: classification.severity,
    activity: { concernId: id, created: true, ...classification, schoolId: event.schoolId, events: [] },
  };
}

/** The columns `groupableFromRow` reads, for queries that load stored events back into grouping. */
export const GROUPABLE_COLUMNS = 'id, type, occurred_at, category, severity, device, school_id, count, host, key_stage';

export interface GroupableRow {
  id: string;
  type: GroupableEvent['type'];
  occurred_at: Date;
  category: GroupableEvent['category'];
  severity: GroupableEvent['severity'];
  device: string;
  school_id: string | null;
  count: number;
  host: string | null;
  key_stage: string;
}

export const groupableFromRow = (r: GroupableRow): GroupableEvent => ({
  id: r.id,
  type: r.type,
  occurredAt: new Date(r.occurred_at),
  category: r.category,
  severity: r.severity,
  device: r.device,
  schoolId: r.school_id,
  count: r.count,
  host: r.host,
  keyStage: r.key_stage,
});

async function unconcernedBlocks(tx: Queryable, event: GroupableEvent, category: EventCategory, from: Date, to: Date) {
  const rows = await tx.query<GroupableRow>(
    `select ${GROUPABLE_COLUMNS} from events
     where device = $1 and type = 'blocked' and category = $2 and occurred_at >= $3 and occurred_at <= $4
       and concern_id is null and not held_back
     order by occurred_at`,
    [event.device, category, from, to],
  );
  return rows.map(groupableFromRow);
}

async function saveAttachments(tx: Queryable, concern: Working, now: Date, unstored: ReadonlySet<string>): Promise<void> {
  const events = concern.activity.events;
  concern.activity.severity = concern.severity;
  const stored = events.filter((e) => !unstored.has(e.id)).map((e) => e.id);
  if (stored.length > 0) await tx.query('update events set concern_id = $1 where id = any($2::uuid[])', [concern.id, stored]);
  await tx.query(
    `update concerns set first_at = least(first_at, $2), last_at = greatest(last_at, $3), event_count = event_count + $4,
       occurrences = occurrences + $5, severity = $6, severity_rank = $7, updated_at = $8 where id = $1`,
    [
      concern.id,
      new Date(concern.firstAt),
      new Date(concern.lastAt),
      events.length,
      events.reduce((n, e) => n + e.count, 0),
      concern.severity,
      SEVERITY_RANK[concern.severity],
      now,
    ],
  );
}
