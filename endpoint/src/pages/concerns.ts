import { describeAudit } from '../audit';
import { concernTitle, CONCERN_FILTERS, type ConcernFilter, type ConcernRow, type WorkspaceCounts } from '../concerns/store';
import { KEY_STATUS_LABELS, OUTCOME_LABELS, OUTCOMES, SEVERITY_LABELS, STATUS_LABELS, type Severity } from '../labels';
import type { AccountRecord } from '../people/accounts';
import { dayLabel, londonDay } from '../time';
import { buttonForm, csrfField, html, options, type Html } from './html';
import { keyDecisionButtons } from './devices';
import { layout, type PageContext } from './layout';
import type { ConcernRecord } from '../concerns/record';
import { concernTable, deviceName, dueText, eventTable, flash, problem, severityBadge, when } from './parts';

export interface HomeFigures {
  counts: WorkspaceCounts;
  routineBlocksToday: number;
  silentDevices: number;
  pendingKeys: number;
}

const tile = (count: number, label: string, href: string | null) =>
  html`<li><strong>${count}</strong>${href ? html`<a href="${href}">${label}</a>` : label}</li>`;

/** The home page: what needs the DSL today, high before medium, oldest first, overdue marked. */
export function needsActionPage(
  ctx: PageContext,
  concerns: ConcernRow[],
  total: number,
  figures: HomeFigures,
  now: Date,
  multiSchool: boolean,
): string {
  const body = html`<h1>Needs action today</h1>
    <p class="lede">${dayLabel(londonDay(now))}. High before medium, oldest first. Times are UK time.</p>
    <ul class="tiles" aria-label="Summary">
      ${tile(total, 'need action', null)}${tile(figures.counts.overdue, 'overdue', '/concerns?status=open')}
      ${tile(figures.counts.openLow, 'other open (low)', '/concerns?status=open&severity=low')}
      ${tile(figures.routineBlocksToday, 'routine blocks today', '/filtering')}
      ${tile(figures.silentDevices, 'silent devices', '/devices?show=silent')}
      ${tile(figures.pendingKeys, 'new device keys to approve', '/devices?show=pending')}
      ${tile(figures.counts.closedThisWeek, 'closed in the last 7 days', '/concerns?status=closed')}
    </ul>
    ${
      concerns.length === 0
        ? html`<p class="panel" id="nothing">Nothing needs action. New reports, alerts and serious blocks will appear here.</p>`
        : concernTable(
            `${total} concern${total === 1 ? '' : 's'} need${total === 1 ? 's' : ''} action`,
            concerns,
            now,
            multiSchool,
            'needs-action',
          )
    }
    ${total > concerns.length ? html`<p>Showing the first ${concerns.length}. <a href="/concerns?status=open">See every open concern</a>.</p>` : ''}`;
  return layout(ctx, 'Needs action', body);
}

const FILTER_LABELS: Record<ConcernFilter, string> = {
  open: 'Open',
  new: 'New',
  'in-progress': 'In progress',
  closed: 'Closed',
  all: 'All',
};

export function concernsPage(
  ctx: PageContext,
  concerns: ConcernRow[],
  total: number,
  filter: { status: ConcernFilter; severity?: Severity | undefined; offset: number; limit: number },
  now: Date,
  multiSchool: boolean,
): string {
  const query = (offset: number) =>
    `/concerns?${new URLSearchParams({ status: filter.status, ...(filter.severity ? { severity: filter.severity } : {}), offset: String(offset) }).toString()}`;
  const body = html`<h1>All concerns</h1>
    <form class="filters" method="get" action="/concerns">
      <div>
        <label for="f-status">Status</label
        ><select id="f-status" name="status">
          ${options(
            CONCERN_FILTERS.map((f) => [f, FILTER_LABELS[f]] as const),
            filter.status,
          )}
        </select>
      </div>
      <div>
        <label for="f-severity">Severity</label
        ><select id="f-severity" name="severity">
          ${options([['', 'Any'], ...Object.entries(SEVERITY_LABELS)], filter.severity ?? '')}
        </select>
      </div>
      <div><button type="submit" class="button-primary">Show</button></div>
    </form>
    ${concerns.length === 0 ? html`<p class="panel">No concerns match.</p>` : concernTable(`${total} concern${total === 1 ? '' : 's'}`, concerns, now, multiSchool)}
    <p class="actions">
      ${filter.offset > 0 ? html`<a href="${query(Math.max(0, filter.offset - filter.limit))}">Previous page</a>` : ''}
      ${filter.offset + concerns.length < total ? html`<a href="${query(filter.offset + filter.limit)}">Next page</a>` : ''}
    </p>`;
  return layout(ctx, 'All concerns', body);
}

export interface ConcernView extends ConcernRecord {
  assignees: AccountRecord[];
  displayName: (user: string | null) => string;
  notice?: string;
  error?: string;
}

/** One concern: its facts, the form to work it (status, assignee, due date, outcomes, a note), links, events, history. */
export function concernPage(ctx: PageContext, view: ConcernView, now: Date): string {
  const c = view.concern;
  const d = view.device;
  const title = `#${c.id} ${concernTitle(c)}`;
  const keyStages = [...new Set(view.events.map((e) => e.key_stage))].sort().join(', ');
  const body = html`<p><a href="/">← Needs action</a></p>
    <h1>${title}</h1>
    ${flash(view.notice)}${problem(view.error)}
    <section class="panel" aria-labelledby="facts-h">
      <h2 id="facts-h">What we know</h2>
      <dl class="facts" id="facts">
        <dt>Severity</dt>
        <dd>${severityBadge(c.severity)}</dd>
        <dt>Status</dt>
        <dd id="status">${STATUS_LABELS[c.status]}${c.closed_at ? html` (closed ${when(c.closed_at)})` : ''}</dd>
        <dt>Assigned to</dt>
        <dd id="assignee">${c.assignee_name ?? 'Nobody yet'}</dd>
        <dt>Due</dt>
        <dd>${dueText(c, now)}</dd>
        <dt>Outcome</dt>
        <dd id="outcomes">${c.outcomes.length ? c.outcomes.map((o) => OUTCOME_LABELS[o]).join('; ') : 'Not recorded yet'}</dd>
        <dt>Device</dt>
        <dd>
          <a href="/devices/${c.device}" id="device-link">${deviceName(d?.asset_id, c.device)}</a>${
            d?.serial_number ? html` · serial ${d.serial_number}` : ''
          }${d?.location ? html` · ${d.location}` : ''}<br /><span class="muted">Pseudonym ${c.device}</span>
        </dd>
        ${
          c.school_id
            ? html`<dt>School</dt>
                <dd>${c.school_id}</dd>`
            : ''
        }
        ${
          keyStages
            ? html`<dt>Key stage</dt>
                <dd>${keyStages}</dd>`
            : ''
        }
        <dt>First</dt>
        <dd>${when(c.first_at)}</dd>
        <dt>Latest</dt>
        <dd>${when(c.last_at)}</dd>
        <dt>Events</dt>
        <dd>${c.occurrences}${c.occurrences !== c.event_count ? html` (in ${c.event_count} records)` : ''}</dd>
      </dl>
    </section>
    ${view.pendingKey ? pendingKeyPanel(ctx, view.pendingKey) : ''}
    <section class="panel" aria-labelledby="work-h">
      <h2 id="work-h">Record what the school did</h2>
      <form method="post" action="/concerns/${c.id}" class="stack" id="concern-form">
        ${csrfField(ctx.csrf)}
        <fieldset>
          <legend>Status</legend>
          ${(['new', 'in-progress', 'closed'] as const).map(
            (s) =>
              html`<label
                ><input type="radio" name="status" value="${s}" ${c.status === s ? html` checked` : ''} /> ${STATUS_LABELS[s]}</label
              >`,
          )}
        </fieldset>
        <label for="assignee-select">Assigned to</label
        ><select id="assignee-select" name="assignee">
          ${options([['', 'Nobody yet'], ...view.assignees.map((a) => [a.name, a.displayName] as const)], c.assignee ?? '')}
        </select>
        <label for="due">Due date</label><input type="date" id="due" name="dueOn" value="${c.due_on ?? ''}" />
        <fieldset>
          <legend>Outcome (choose all that apply; needed to close)</legend>
          ${OUTCOMES.map(
            (o) =>
              html`<label
                ><input type="checkbox" name="outcomes" value="${o}" ${c.outcomes.includes(o) ? html` checked` : ''} />
                ${OUTCOME_LABELS[o]}</label
              >`,
          )}
        </fieldset>
        <label for="note">Add a note (what you did, who you spoke to, what was decided)</label
        ><textarea id="note" name="note" maxlength="10000"></textarea>
        <p class="actions"><button type="submit" class="button-primary" id="save">Save</button></p>
      </form>
    </section>
    <section class="panel" aria-labelledby="notes-h">
      <h2 id="notes-h">Notes</h2>
      ${
        view.notes.length === 0
          ? html`<p class="muted">No notes yet.</p>`
          : view.notes.map(
              (n) => html`<div class="note"><span class="by">${view.displayName(n.author)}, ${when(n.at)}</span>${n.body}</div>`,
            )
      }
    </section>
    <section class="panel" aria-labelledby="links-h">
      <h2 id="links-h">Linked concerns</h2>
      ${
        view.links.length === 0
          ? html`<p class="muted">None.</p>`
          : html`<ul>
              ${view.links.map(
                (l) =>
                  html`<li>
                    <a href="/concerns/${l.id}">#${l.id} ${concernTitle(l)}</a> (${STATUS_LABELS[l.status]})
                    ${buttonForm(
                      `/concerns/${c.id}/links`,
                      ctx.csrf,
                      'Unlink',
                      html`<input type="hidden" name="unlink" value="${l.id}" />`,
                    )}
                  </li>`,
              )}
            </ul>`
      }
      <form method="post" action="/concerns/${c.id}/links" class="filters">
        ${csrfField(ctx.csrf)}
        <div><label for="link">Link concern number</label><input type="number" id="link" name="link" min="1" inputmode="numeric" /></div>
        <div><button type="submit">Link</button></div>
      </form>
    </section>
    ${eventTable(`Events in this concern (newest first)`, view.events, true, 'concern-events')}
    <section class="panel" aria-labelledby="history-h">
      <h2 id="history-h">History</h2>
      ${
        view.history.length === 0
          ? html`<p class="muted">Nothing changed yet.</p>`
          : html`<ol id="history">
              ${view.history.map((h) => html`<li>${when(h.at)} — ${view.displayName(h.actor)}: ${describeAudit(h, view.displayName)}</li>`)}
            </ol>`
      }
    </section>`;
  return layout(ctx, title, body);
}

function pendingKeyPanel(ctx: PageContext, key: NonNullable<ConcernView['pendingKey']>): Html {
  return html`<section class="panel" aria-labelledby="key-h">
    <h2 id="key-h">The device's new key</h2>
    <p>
      This device registered a new signing key on ${when(key.registeredAt)} (${KEY_STATUS_LABELS[key.status] ?? key.status}). That happens
      after a Chromebook is powerwashed or the extension reinstalled, but could also be someone with the enrolment token pretending to be
      this device. ${key.held} event(s) it sent are held back until you decide.
    </p>
    ${key.status === 'pending' ? keyDecisionButtons(ctx.csrf, key.keyId, 'long') : ''}
  </section>`;
}
