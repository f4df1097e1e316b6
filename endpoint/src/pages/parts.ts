import { concernTitle, isOverdue, type ConcernRow } from '../concerns/store';
import type { EventRow } from '../events/query';
import { categoryLabel, EVENT_TYPE_LABELS, REPORT_CHOICE_LABELS, SEVERITY_LABELS, STATUS_LABELS, type Severity } from '../labels';
import { dayLabel, londonDateTime } from '../time';
import { html, type Html } from './html';
import { cardTable } from './table';

/** Small pieces several pages show the same way. */

export const severityBadge = (severity: Severity): Html => html`<span class="badge sev-${severity}">${SEVERITY_LABELS[severity]}</span>`;

export const when = (value: Date | string | null | undefined): Html =>
  value ? html`<time datetime="${new Date(value).toISOString()}">${londonDateTime(value)}</time>` : html`—`;

/** The register's asset ID when known, else a short form of the pseudonym (never the whole 32 digits in a list). */
export const deviceName = (assetId: string | null | undefined, pseudonym: string): string => assetId ?? `Device ${pseudonym.slice(0, 8)}…`;

export const deviceLink = (assetId: string | null | undefined, pseudonym: string): Html =>
  html`<a href="/devices/${pseudonym}">${deviceName(assetId, pseudonym)}</a>`;

export function dueText(concern: Pick<ConcernRow, 'due_on' | 'status'>, now: Date): Html {
  if (!concern.due_on) return html`—`;
  return isOverdue(concern, now)
    ? html`<span class="overdue">Overdue: was due ${dayLabel(concern.due_on)}</span>`
    : html`${dayLabel(concern.due_on)}`;
}

/** Concerns as a table (Needs action, All concerns, a device's chronology). */
export function concernTable(caption: string, concerns: ConcernRow[], now: Date, showSchool: boolean, id = 'concerns'): Html {
  return cardTable({
    id,
    caption,
    columns: ['Severity', 'Concern', 'Device', 'First', 'Events', 'Status', 'Assigned to', 'Due'],
    rows: concerns.map((c) => ({
      data: { name: 'concern-id', value: c.id },
      cells: [
        severityBadge(c.severity),
        html`<a href="/concerns/${c.id}">#${c.id} ${concernTitle(c)}</a>${
            c.hosts?.length ? html`<br /><span class="muted wrap">${c.hosts.slice(0, 3).join(', ')}</span>` : ''
          }`,
        html`${deviceLink(c.asset_id, c.device)}${showSchool && c.school_id ? html`<br /><span class="muted">School ${c.school_id}</span>` : ''}`,
        when(c.first_at),
        c.occurrences,
        { content: STATUS_LABELS[c.status], className: `status-${c.status}` },
        c.assignee_name ?? 'Nobody yet',
        dueText(c, now),
      ],
    })),
  });
}

/** What an event says, in words: the type, the category, the pupil's choice, the alert's term or entry. */
export function eventSummary(e: EventRow): string {
  const parts: string[] = [EVENT_TYPE_LABELS[e.type] ?? e.type];
  if (e.category) parts.push(categoryLabel(e.category));
  const choice = typeof e.detail.choice === 'string' ? REPORT_CHOICE_LABELS[e.detail.choice] : undefined;
  if (choice) parts.push(`the pupil chose “${choice}”`);
  if (e.term) parts.push(`matched “${e.term}”`);
  if (e.type === 'search-alert' && typeof e.detail.engine === 'string') parts.push(`on ${e.detail.engine}`);
  if (typeof e.detail.minutes === 'number') parts.push(`${e.detail.minutes} minutes`);
  if (e.count > 1) parts.push(`${e.count} times`);
  return parts.join(' · ');
}

/** An event table. `showUrl`: a report's page address, for DSL roles only (the school chose to send it). */
export function eventTable(caption: string, events: EventRow[], showUrl: boolean, id = 'events'): Html {
  return cardTable({
    id,
    caption,
    columns: ['When', 'What', 'Site', 'Key stage', 'Concern'],
    rows: events.map((e) => ({
      data: { name: 'event-id', value: e.id },
      cells: [
        html`${when(e.occurred_at)}${e.last_occurred_at ? html` to ${when(e.last_occurred_at)}` : ''}`,
        eventSummary(e),
        {
          content: html`${e.host ?? '—'}${showUrl && e.url ? html`<br /><span class="muted">Page: ${e.url}</span>` : ''}`,
          className: 'wrap',
        },
        e.key_stage,
        e.concern_id ? html`<a href="/concerns/${e.concern_id}">#${e.concern_id}</a>` : html`<span class="muted">Routine</span>`,
      ],
    })),
  });
}

export const flash = (message: string | undefined): Html =>
  message ? html`<p class="notice" role="status" id="notice">${message}</p>` : html``;
export const problem = (message: string | undefined): Html =>
  message ? html`<p class="error" role="alert" id="problem">${message}</p>` : html``;
