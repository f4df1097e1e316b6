import { concernTitle, isOverdue, type ConcernRow } from '../concerns/store';
import type { EventRow } from '../events/query';
import { categoryLabel, EVENT_TYPE_LABELS, REPORT_CHOICE_LABELS, SEVERITY_LABELS, STATUS_LABELS, type Severity } from '../labels';
import { dayLabel, londonDateTime } from '../time';
import { html, type Html } from './html';

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

/** One concern as a table row (Needs action, All concerns, a device's chronology). */
export function concernRow(c: ConcernRow, now: Date, showSchool: boolean): Html {
  return html`<tr data-concern-id="${c.id}">
    <td data-label="Severity">${severityBadge(c.severity)}</td>
    <td data-label="Concern">
      <a href="/concerns/${c.id}">#${c.id} ${concernTitle(c)}</a
      >${c.hosts?.length ? html`<br /><span class="muted wrap">${c.hosts.slice(0, 3).join(', ')}</span>` : ''}
    </td>
    <td data-label="Device">
      ${deviceLink(c.asset_id, c.device)}${showSchool && c.school_id ? html`<br /><span class="muted">School ${c.school_id}</span>` : ''}
    </td>
    <td data-label="First">${when(c.first_at)}</td>
    <td data-label="Events">${c.occurrences}</td>
    <td data-label="Status" class="status-${c.status}">${STATUS_LABELS[c.status]}</td>
    <td data-label="Assigned to">${c.assignee_name ?? 'Nobody yet'}</td>
    <td data-label="Due">${dueText(c, now)}</td>
  </tr>`;
}

export function concernTable(caption: string, concerns: ConcernRow[], now: Date, showSchool: boolean, id = 'concerns'): Html {
  return html`<table class="cards" id="${id}">
    <caption>
      ${caption}
    </caption>
    <thead>
      <tr>
        <th scope="col">Severity</th>
        <th scope="col">Concern</th>
        <th scope="col">Device</th>
        <th scope="col">First</th>
        <th scope="col">Events</th>
        <th scope="col">Status</th>
        <th scope="col">Assigned to</th>
        <th scope="col">Due</th>
      </tr>
    </thead>
    <tbody>
      ${concerns.map((c) => concernRow(c, now, showSchool))}
    </tbody>
  </table>`;
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
  return html`<table class="cards" id="${id}">
    <caption>
      ${caption}
    </caption>
    <thead>
      <tr>
        <th scope="col">When</th>
        <th scope="col">What</th>
        <th scope="col">Site</th>
        <th scope="col">Key stage</th>
        <th scope="col">Concern</th>
      </tr>
    </thead>
    <tbody>
      ${events.map(
        (e) =>
          html`<tr data-event-id="${e.id}">
            <td data-label="When">${when(e.occurred_at)}${e.last_occurred_at ? html` to ${when(e.last_occurred_at)}` : ''}</td>
            <td data-label="What">${eventSummary(e)}</td>
            <td data-label="Site" class="wrap">
              ${e.host ?? '—'}${showUrl && e.url ? html`<br /><span class="muted">Page: ${e.url}</span>` : ''}
            </td>
            <td data-label="Key stage">${e.key_stage}</td>
            <td data-label="Concern">
              ${e.concern_id ? html`<a href="/concerns/${e.concern_id}">#${e.concern_id}</a>` : html`<span class="muted">Routine</span>`}
            </td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

export const flash = (message: string | undefined): Html =>
  message ? html`<p class="notice" role="status" id="notice">${message}</p>` : html``;
export const problem = (message: string | undefined): Html =>
  message ? html`<p class="error" role="alert" id="problem">${message}</p>` : html``;
