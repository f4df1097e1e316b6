import { concernTitle, type ConcernRow } from '../concerns/store';
import type { Queryable } from '../db';
import { filteringStatistics, type FilteringStatistics } from '../events/query';
import {
  categoryLabel,
  EVENT_TYPE_LABELS,
  KIND_LABELS,
  OUTCOME_LABELS,
  SEVERITIES,
  SEVERITY_LABELS,
  type ConcernKind,
  type Outcome,
} from '../labels';
import { schoolFilter, type Account } from '../people/permissions';
import { dayLabel, londonDay } from '../time';
import { chatValue, workspaceLink } from '../notify/escape';
import type { EventTypeV2 } from '../../../src/core/events/schema-v2';

/**
 * What happened over a period, for the daily digest, the weekly summary for the DSL and the senior leader (the
 * DfE filtering and monitoring standards ask for regular reports) and the Reports page.
 */
export interface PeriodSummary {
  from: Date;
  to: Date;
  opened: { severity: string; kind: ConcernKind; n: number }[];
  openedMedium: Pick<ConcernRow, 'id' | 'kind' | 'category' | 'school_id'>[];
  closed: number;
  outcomes: { outcome: Outcome; n: number }[];
  openNow: number;
  overdueNow: number;
  devices: { total: number; silent: number; neverSeen: number; pendingKeys: number };
  filtering: FilteringStatistics;
}

export async function periodSummary(
  db: Queryable,
  account: Account,
  from: Date,
  to: Date,
  silentBefore: Date,
  now: Date,
): Promise<PeriodSummary> {
  const scope = (column: string, params: unknown[]) => schoolFilter(account, column, params);
  const p1: unknown[] = [from, to];
  const opened = await db.query<{ severity: string; kind: ConcernKind; n: number }>(
    `select severity, kind, count(*)::int as n from concerns where created_at >= $1 and created_at < $2 and ${scope('school_id', p1)}
     group by severity, severity_rank, kind order by severity_rank, n desc`,
    p1,
  );
  const p2: unknown[] = [from, to];
  const openedMedium = await db.query<Pick<ConcernRow, 'id' | 'kind' | 'category' | 'school_id'>>(
    `select id, kind, category, school_id from concerns where created_at >= $1 and created_at < $2 and severity = 'medium'
       and ${scope('school_id', p2)} order by id limit 25`,
    p2,
  );
  const p3: unknown[] = [from, to];
  const outcomes = await db.query<{ outcome: Outcome; n: number }>(
    `select o as outcome, count(*)::int as n from concerns, unnest(outcomes) as o
     where closed_at >= $1 and closed_at < $2 and ${scope('school_id', p3)} group by o order by n desc`,
    p3,
  );
  const p4: unknown[] = [from, to, londonDay(now)];
  const [counts] = await db.query<{ closed: number; open_now: number; overdue_now: number }>(
    `select count(*) filter (where closed_at >= $1 and closed_at < $2)::int as closed,
       count(*) filter (where status <> 'closed')::int as open_now,
       count(*) filter (where status <> 'closed' and due_on < $3::date)::int as overdue_now
     from concerns where ${scope('school_id', p4)}`,
    p4,
  );
  const p5: unknown[] = [silentBefore];
  const [devices] = await db.query<PeriodSummary['devices']>(
    `select count(*)::int as total, count(*) filter (where last_seen_at < $1)::int as silent,
       count(*) filter (where last_seen_at is null)::int as "neverSeen",
       (select count(*)::int from device_keys k where k.status = 'pending' and ${scope('k.school_id', p5)}) as "pendingKeys"
     from devices where ${scope('school_id', p5)}`,
    p5,
  );
  return {
    from,
    to,
    opened,
    openedMedium,
    closed: counts?.closed ?? 0,
    outcomes,
    openNow: counts?.open_now ?? 0,
    overdueNow: counts?.overdue_now ?? 0,
    devices: devices ?? { total: 0, silent: 0, neverSeen: 0, pendingKeys: 0 },
    filtering: await filteringStatistics(db, account, from, to),
  };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function periodLines(s: PeriodSummary, publicUrl: string | undefined): string[] {
  const openedBySeverity = SEVERITIES.map((sev) => [sev, s.opened.filter((o) => o.severity === sev).reduce((n, o) => n + o.n, 0)] as const);
  const blocked = s.filtering.routineByCategory.reduce((n, c) => n + c.events, 0);
  return [
    `Concerns opened: ${openedBySeverity.map(([sev, n]) => `${n} ${SEVERITY_LABELS[sev].toLowerCase()}`).join(', ')}.`,
    ...s.opened.map(
      (o) => `  • ${SEVERITY_LABELS[o.severity as keyof typeof SEVERITY_LABELS] ?? o.severity}: ${KIND_LABELS[o.kind] ?? o.kind} × ${o.n}`,
    ),
    `Concerns closed: ${s.closed}${s.outcomes.length ? ` (${s.outcomes.map((o) => `${OUTCOME_LABELS[o.outcome] ?? o.outcome} × ${o.n}`).join('; ')})` : ''}.`,
    `Open now: ${s.openNow}, of which overdue: ${s.overdueNow}.`,
    `Blocked visits: ${blocked}${s.filtering.routineByCategory.length ? ` (${s.filtering.routineByCategory.map((c) => `${categoryLabel(c.category)} ${c.events}`).join(', ')})` : ''}.`,
    ...s.filtering.byType
      .filter((t) => t.type !== 'blocked')
      .map((t) => `${EVENT_TYPE_LABELS[t.type as EventTypeV2] ?? t.type}: ${t.events}.`),
    `Devices: ${s.devices.total} in the register, ${s.devices.silent} silent, ${s.devices.neverSeen} never heard from, ${plural(s.devices.pendingKeys, 'new key')} waiting for approval.`,
    ...(publicUrl ? [`Open the workspace: ${workspaceLink(publicUrl, '') ?? ''}`] : []),
  ];
}

/** The daily digest: the previous day's medium concerns by name, and the day's figures. */
export function digestText(s: PeriodSummary, publicUrl: string | undefined): string {
  const day = dayLabel(londonDay(s.from));
  return [
    `School Safeguard daily digest for ${day}.`,
    ...(s.openedMedium.length
      ? [
          'New medium-severity concerns:',
          ...s.openedMedium.map(
            (c) =>
              `  • ${concernTitle({ kind: c.kind, category: c.category, choice: null })}${c.school_id ? ` — school ${chatValue(c.school_id)}` : ''}${publicUrl ? ` — ${workspaceLink(publicUrl, `concerns/${c.id}`) ?? ''}` : ''}`,
          ),
        ]
      : ['No new medium-severity concerns.']),
    ...periodLines(s, publicUrl),
  ].join('\n');
}

/** The weekly summary for the DSL and the senior leader. */
export function weeklyText(s: PeriodSummary, publicUrl: string | undefined): string {
  const last = new Date(s.to.getTime() - 1);
  return [
    `School Safeguard weekly summary, ${dayLabel(londonDay(s.from))} to ${dayLabel(londonDay(last))}.`,
    ...periodLines(s, publicUrl),
  ].join('\n');
}
