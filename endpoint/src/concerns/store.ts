import type { EventCategory, Severity } from '../../../src/core/alert-categories';
import { audit, type AuditRow } from '../audit';
import type { Queryable } from '../db';
import {
  CONCERN_STATUSES,
  KIND_LABELS,
  OUTCOMES,
  categoryLabel,
  REPORT_CHOICE_LABELS,
  type ConcernKind,
  type ConcernStatus,
  type Outcome,
} from '../labels';
import { schoolFilter, seesSchool, type Account } from '../people/permissions';
import { londonDay } from '../time';

/** Concerns as the DSL works them: lists, one concern's record, and the changes people make to it. */

export interface ConcernRow {
  id: number;
  school_id: string | null;
  device: string;
  kind: ConcernKind;
  category: EventCategory | null;
  severity: Severity;
  status: ConcernStatus;
  assignee: string | null;
  assignee_name: string | null;
  due_on: string | null;
  outcomes: Outcome[];
  first_at: Date;
  last_at: Date;
  event_count: number;
  occurrences: number;
  key_id: string | null;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  asset_id: string | null;
  location: string | null;
  hosts: string[] | null;
  choice: string | null;
}

const CONCERN_SELECT = `select c.id, c.school_id, c.device, c.kind, c.category, c.severity, c.status, c.assignee,
    u.display_name as assignee_name, c.due_on::text as due_on, c.outcomes, c.first_at, c.last_at, c.event_count, c.occurrences,
    c.key_id, c.created_at, c.updated_at, c.closed_at, d.asset_id, d.location,
    (select array_agg(distinct h.host) from (select host from events where concern_id = c.id and host is not null limit 20) h) as hosts,
    (select detail->>'choice' from events where concern_id = c.id and type = 'reported' order by occurred_at limit 1) as choice
  from concerns c left join users u on u.name = c.assignee left join devices d on d.pseudonym = c.device`;

/** "Pupil report: A stranger talked to them", "Repeated attempts: Gambling and betting". */
export function concernTitle(c: Pick<ConcernRow, 'kind' | 'category' | 'choice'>): string {
  const detail = c.kind === 'report' ? (c.choice ? REPORT_CHOICE_LABELS[c.choice] : null) : c.category ? categoryLabel(c.category) : null;
  return detail ? `${KIND_LABELS[c.kind]}: ${detail}` : KIND_LABELS[c.kind];
}

export const isOverdue = (c: Pick<ConcernRow, 'due_on' | 'status'>, now: Date): boolean =>
  c.status !== 'closed' && c.due_on !== null && c.due_on < londonDay(now);

export const CONCERN_FILTERS = ['open', 'new', 'in-progress', 'closed', 'all'] as const;
export type ConcernFilter = (typeof CONCERN_FILTERS)[number];

export interface ConcernQuery {
  status?: ConcernFilter;
  severity?: Severity;
  kind?: ConcernKind;
  device?: string;
  assignee?: string;
  /** `priority` (default): highest severity, then oldest; `recent`: latest activity first (a chronology). */
  order?: 'priority' | 'recent';
  limit?: number;
  offset?: number;
}

/** Open concerns come highest severity first, then oldest first; closed ones most recently closed first. */
export async function listConcerns(
  db: Queryable,
  account: Account,
  query: ConcernQuery,
): Promise<{ concerns: ConcernRow[]; total: number }> {
  const params: unknown[] = [];
  const where = [schoolFilter(account, 'c.school_id', params)];
  const status = query.status ?? 'open';
  if (status === 'open') where.push("c.status <> 'closed'");
  else if (status !== 'all') {
    params.push(status);
    where.push(`c.status = $${params.length}`);
  }
  for (const [column, value] of [
    ['c.severity', query.severity],
    ['c.kind', query.kind],
    ['c.device', query.device],
    ['c.assignee', query.assignee],
  ] as const) {
    if (value === undefined) continue;
    params.push(value);
    where.push(`${column} = $${params.length}`);
  }
  const clause = where.join(' and ');
  const [count] = await db.query<{ n: number }>(`select count(*)::int as n from concerns c where ${clause}`, params);
  const order =
    query.order === 'recent'
      ? 'c.last_at desc, c.id desc'
      : status === 'closed'
        ? 'c.closed_at desc, c.id desc'
        : 'c.severity_rank, c.first_at, c.id';
  params.push(query.limit ?? 100, query.offset ?? 0);
  const concerns = await db.query<ConcernRow>(
    `${CONCERN_SELECT} where ${clause} order by ${order} limit $${params.length - 1} offset $${params.length}`,
    params,
  );
  return { concerns, total: count?.n ?? 0 };
}

/**
 * Needs action today: every open high or medium concern, and any other open concern due today or overdue;
 * high before medium, oldest first.
 */
export async function needsAction(
  db: Queryable,
  account: Account,
  now: Date,
  limit = 200,
): Promise<{ concerns: ConcernRow[]; total: number }> {
  const params: unknown[] = [londonDay(now)];
  const clause = `c.status <> 'closed' and (c.severity_rank <= 2 or c.due_on <= $1::date) and ${schoolFilter(account, 'c.school_id', params)}`;
  const [count] = await db.query<{ n: number }>(`select count(*)::int as n from concerns c where ${clause}`, params);
  params.push(limit);
  const concerns = await db.query<ConcernRow>(
    `${CONCERN_SELECT} where ${clause} order by c.severity_rank, c.first_at, c.id limit $${params.length}`,
    params,
  );
  return { concerns, total: count?.n ?? 0 };
}

export interface WorkspaceCounts {
  open: number;
  openLow: number;
  overdue: number;
  closedThisWeek: number;
}

export async function concernCounts(db: Queryable, account: Account, now: Date): Promise<WorkspaceCounts> {
  const params: unknown[] = [londonDay(now), new Date(now.getTime() - 7 * 86_400_000)];
  const [row] = await db.query<WorkspaceCounts>(
    `select count(*) filter (where status <> 'closed')::int as open,
       count(*) filter (where status <> 'closed' and severity = 'low')::int as "openLow",
       count(*) filter (where status <> 'closed' and due_on < $1::date)::int as overdue,
       count(*) filter (where status = 'closed' and closed_at >= $2)::int as "closedThisWeek"
     from concerns c where ${schoolFilter(account, 'c.school_id', params)}`,
    params,
  );
  return row ?? { open: 0, openLow: 0, overdue: 0, closedThisWeek: 0 };
}

export async function getConcern(db: Queryable, id: number): Promise<ConcernRow | null> {
  const [row] = await db.query<ConcernRow>(`${CONCERN_SELECT} where c.id = $1`, [id]);
  return row ?? null;
}

/** The concern if it exists and the account may see its school; null otherwise (the caller answers 404). */
export async function visibleConcern(db: Queryable, account: Account, id: number): Promise<ConcernRow | null> {
  const concern = await getConcern(db, id);
  return concern && seesSchool(account, concern.school_id) ? concern : null;
}

export interface NoteRow {
  id: number;
  at: Date;
  author: string;
  author_name: string | null;
  body: string;
}

export async function concernNotes(db: Queryable, id: number): Promise<NoteRow[]> {
  return db.query<NoteRow>(
    `select n.id, n.at, n.author, u.display_name as author_name, n.body from concern_notes n
     left join users u on u.name = n.author where n.concern_id = $1 order by n.id`,
    [id],
  );
}

export async function linkedConcerns(db: Queryable, id: number): Promise<ConcernRow[]> {
  return db.query<ConcernRow>(
    `${CONCERN_SELECT} where c.id in (select b from concern_links where a = $1 union select a from concern_links where b = $1) order by c.id`,
    [id],
  );
}

export async function concernAudit(db: Queryable, id: number): Promise<AuditRow[]> {
  return db.query<AuditRow>('select * from audit_log where concern_id = $1 order by seq', [id]);
}

/** The author of notes and changes the server makes itself (a device back from silence, a key approved). */
export const SYSTEM_ACTOR = 'system';

export async function addNote(db: Queryable, concernId: number, author: string, body: string, now: Date): Promise<void> {
  await db.query('insert into concern_notes (concern_id, at, author, body) values ($1, $2, $3, $4)', [concernId, now, author, body]);
  await db.query('update concerns set updated_at = $2 where id = $1', [concernId, now]);
}

/** Closes a concern the server itself settled (an approved or rejected key), saying why in a note. */
export async function closeBySystem(db: Queryable, concernId: number, note: string, now: Date): Promise<void> {
  await addNote(db, concernId, SYSTEM_ACTOR, note, now);
  const [before] = await db.query<{ status: string }>(
    "update concerns c set status = 'closed', closed_at = $2 from concerns old where c.id = $1 and old.id = c.id and old.status <> 'closed' returning old.status",
    [concernId, now],
  );
  if (before)
    await audit(db, { actor: SYSTEM_ACTOR, action: 'concern-status', concernId, oldValue: before.status, newValue: 'closed' }, now);
}

export interface ConcernChange {
  status?: ConcernStatus;
  /** A user name, or null to unassign. */
  assignee?: string | null;
  /** `YYYY-MM-DD`, or null for none. */
  dueOn?: string | null;
  outcomes?: Outcome[];
  note?: string;
  link?: number;
  unlink?: number;
}

export class ConcernChangeError extends Error {}

/**
 * Applies a person's change, with one audit row per field changed. A concern closes only with at least one
 * outcome; it may be assigned only to an enabled DSL or deputy who can see its school.
 */
export async function changeConcern(db: Queryable, account: Account, id: number, change: ConcernChange, now: Date): Promise<string[]> {
  const before = await visibleConcern(db, account, id);
  if (!before) throw new ConcernChangeError('No such concern.');
  const changed: string[] = [];
  const record = (action: Parameters<typeof audit>[1]['action'], oldValue: string | null, newValue: string | null, target?: string) =>
    audit(db, { actor: account.name, action, concernId: id, schoolId: before.school_id, oldValue, newValue, target: target ?? null }, now);

  const outcomes = change.outcomes
    ? [...new Set(change.outcomes)].filter((o) => (OUTCOMES as readonly string[]).includes(o))
    : before.outcomes;
  if (change.status === 'closed' && outcomes.length === 0) {
    throw new ConcernChangeError('Record at least one outcome before closing the concern.');
  }
  if (change.assignee) {
    const [assignee] = await db.query<{ role: string; school_ids: string[] | null; disabled_at: Date | null }>(
      'select role, school_ids, disabled_at from users where name = $1',
      [change.assignee],
    );
    if (
      !assignee ||
      assignee.disabled_at !== null ||
      assignee.role === 'it' ||
      !seesSchool({ name: change.assignee, displayName: '', role: 'dsl', schoolIds: assignee.school_ids }, before.school_id)
    ) {
      throw new ConcernChangeError('A concern can be assigned only to a DSL or deputy who can see its school.');
    }
  }
  if (change.outcomes && outcomes.join(',') !== before.outcomes.join(',')) {
    await db.query('update concerns set outcomes = $2 where id = $1', [id, outcomes]);
    await record('concern-outcomes', before.outcomes.join(','), outcomes.join(','));
    changed.push('outcomes');
  }
  if (change.assignee !== undefined && change.assignee !== before.assignee) {
    await db.query('update concerns set assignee = $2 where id = $1', [id, change.assignee]);
    await record('concern-assignee', before.assignee, change.assignee);
    changed.push('assignee');
  }
  if (change.dueOn !== undefined && change.dueOn !== before.due_on) {
    await db.query('update concerns set due_on = $2::date where id = $1', [id, change.dueOn]);
    await record('concern-due', before.due_on, change.dueOn);
    changed.push('dueOn');
  }
  if (change.status && change.status !== before.status) {
    await db.query(
      `update concerns set status = $2, closed_at = case when $2 = 'closed' then $3::timestamptz else null end where id = $1`,
      [id, change.status, now],
    );
    await record('concern-status', before.status, change.status);
    changed.push('status');
  }
  if (change.note && change.note.trim() !== '') {
    await addNote(db, id, account.name, change.note.trim(), now);
    await record('concern-note', null, null);
    changed.push('note');
  }
  for (const [other, action] of [
    [change.link, 'concern-link'],
    [change.unlink, 'concern-unlink'],
  ] as const) {
    if (other === undefined) continue;
    if (other === id || !(await visibleConcern(db, account, other)))
      throw new ConcernChangeError(`There is no other concern #${other} to link.`);
    const [a, b] = [Math.min(id, other), Math.max(id, other)];
    const done =
      action === 'concern-link'
        ? await db.query(
            'insert into concern_links (a, b, linked_at, linked_by) values ($1, $2, $3, $4) on conflict do nothing returning 1',
            [a, b, now, account.name],
          )
        : await db.query('delete from concern_links where a = $1 and b = $2 returning 1', [a, b]);
    if (done.length > 0) {
      await record(action, null, null, `#${other}`);
      changed.push(action === 'concern-link' ? 'link' : 'unlink');
    }
  }
  if (changed.length > 0) await db.query('update concerns set updated_at = $2 where id = $1', [id, now]);
  return changed;
}

export const isConcernStatus = (v: unknown): v is ConcernStatus => (CONCERN_STATUSES as readonly unknown[]).includes(v);
