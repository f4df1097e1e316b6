import { CATEGORIES } from '../../src/core/categories';
import { EVENT_TYPES } from '../../src/core/events/schema';
import { KEY_STAGES } from '../../src/core/key-stages';
import type { AuditRow, EventFilters, EventRow, IncidentRecord } from './store';
import { NATURES } from './store';

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#f6f7f9}
header{background:#1d3557;color:#fff;padding:.75rem 1.5rem;display:flex;justify-content:space-between;align-items:center}
header a{color:#fff}
main{padding:1rem 1.5rem;max-width:80rem}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border:1px solid #ccd;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#e8ecf3}
tr.type-reported td:first-child{border-left:6px solid #c1121f}
.badge{display:inline-block;padding:0 .4rem;border-radius:.3rem;background:#e8ecf3}
.badge-reported{background:#c1121f;color:#fff}
form.filters{display:flex;gap:.75rem;flex-wrap:wrap;align-items:end;margin:0 0 1rem}
label{display:block;font-weight:600}
fieldset{border:1px solid #ccd;background:#fff;margin:0 0 1rem}
textarea{width:100%;min-height:4rem}
.saved{background:#d8f3dc;padding:.5rem}
`;

function page(title: string, body: string, user?: { name: string; csrf: string }): string {
  const account = user
    ? `<form method="post" action="/logout"><input type="hidden" name="_csrf" value="${escapeHtml(user.csrf)}"><span>${escapeHtml(user.name)}</span> <button type="submit">Log out</button></form>`
    : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} — School Safeguard</title><style>${STYLE}</style></head>
<body><header><strong>School Safeguard — DSL inbox</strong>${account}</header><main>${body}</main></body></html>`;
}

export function loginPage(csrf: string, error?: string): string {
  return page(
    'Log in',
    `<h1>Log in</h1>${error ? `<p role="alert" id="login-error">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/login"><input type="hidden" name="_csrf" value="${escapeHtml(csrf)}">
<label for="user">User name</label><input id="user" name="user" autocomplete="username" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<p><button type="submit">Log in</button></p></form>`,
  );
}

function select(name: string, label: string, values: readonly string[], current: string | undefined): string {
  const options = [
    '<option value="">Any</option>',
    ...values.map((v) => `<option value="${escapeHtml(v)}"${v === current ? ' selected' : ''}>${escapeHtml(v)}</option>`),
  ];
  return `<div><label for="f-${name}">${label}</label><select id="f-${name}" name="${name}">${options.join('')}</select></div>`;
}

const when = (d: Date | null) => (d ? escapeHtml(new Date(d).toISOString().replace('T', ' ').slice(0, 19)) : '');

export function inboxPage(
  rows: (EventRow & { nature: string | null })[],
  filters: EventFilters,
  user: { name: string; csrf: string },
): string {
  const query = new URLSearchParams(filters as Record<string, string>).toString();
  const body = rows
    .map(
      (r) => `<tr class="type-${escapeHtml(r.type)}" data-event-id="${escapeHtml(r.id)}">
<td><span class="badge badge-${escapeHtml(r.type)}">${escapeHtml(r.type)}</span>${r.count > 1 ? ` ×${r.count}` : ''}</td>
<td>${when(r.occurred_at)}</td><td>${escapeHtml(r.category ?? '')}</td><td>${escapeHtml(r.host ?? '')}</td>
<td>${escapeHtml(r.key_stage)}</td><td>${escapeHtml(r.school_id ?? '')}</td>
<td>${escapeHtml(r.nature && r.nature !== 'not-recorded' ? r.nature : 'to record')}</td>
<td><a href="/incidents/${escapeHtml(r.id)}">Open record</a></td></tr>`,
    )
    .join('');
  return page(
    'Inbox',
    `<h1>Events</h1>
<form class="filters" method="get" action="/">
${select('type', 'Type', EVENT_TYPES, filters.type)}${select('category', 'Category', CATEGORIES, filters.category)}${select('keyStage', 'Key stage', KEY_STAGES, filters.keyStage)}
<div><label for="f-from">From</label><input id="f-from" type="date" name="from" value="${escapeHtml(filters.from ?? '')}"></div>
<div><label for="f-to">To</label><input id="f-to" type="date" name="to" value="${escapeHtml(filters.to ?? '')}"></div>
<div><button type="submit">Filter</button></div>
<div><a id="csv" href="/export.csv${query ? `?${query}` : ''}">Download CSV for the filtering review</a></div>
</form>
<table id="events"><thead><tr><th>Type</th><th>When (UTC)</th><th>Category</th><th>Site</th><th>Key stage</th><th>School</th><th>Record</th><th></th></tr></thead>
<tbody>${body || '<tr><td colspan="8">No events match.</td></tr>'}</tbody></table>`,
    user,
  );
}

const ESCALATIONS: [keyof IncidentRecord, string][] = [
  ['escalated_iwf', 'Reported to the IWF'],
  ['escalated_ceop', 'Reported to CEOP'],
  ['escalated_police', 'Police informed'],
  ['parents_informed', 'Parents or carers informed'],
];

export function incidentPage(
  event: EventRow,
  record: IncidentRecord,
  audit: AuditRow[],
  user: { name: string; csrf: string },
  saved: boolean,
): string {
  const detail = Object.entries(event.detail ?? {})
    .map(([k, v]) => `${escapeHtml(k)}: ${escapeHtml(v)}`)
    .join(', ');
  const facts: [string, string][] = [
    ['Type', escapeHtml(event.type)],
    ['Happened', `${when(event.occurred_at)}${event.last_occurred_at ? ` to ${when(event.last_occurred_at)} (${event.count} times)` : ''}`],
    ['Received', when(event.received_at)],
    ['Category', escapeHtml(event.category ?? '—')],
    ['Site', escapeHtml(event.host ?? '—')],
    ['Key stage', escapeHtml(event.key_stage)],
    ['School', escapeHtml(event.school_id ?? '—')],
    ['Device pseudonym', `${escapeHtml(event.device)} (${escapeHtml(event.device_id_kind)} ID)`],
    ['Detail', detail || '—'],
  ];
  const auditRows = audit
    .map(
      (a) =>
        `<tr><td>${when(a.at)}</td><td>${escapeHtml(a.actor)}</td><td>${escapeHtml(a.field)}</td><td>${escapeHtml(a.old_value)}</td><td>${escapeHtml(a.new_value)}</td></tr>`,
    )
    .join('');
  return page(
    'Incident record',
    `<p><a href="/">← Back to the inbox</a></p><h1>Incident record</h1>
${saved ? '<p class="saved" role="status" id="saved">Saved.</p>' : ''}
<table id="facts"><tbody>${facts.map(([k, v]) => `<tr><th scope="row">${k}</th><td>${v}</td></tr>`).join('')}</tbody></table>
<h2>What the school recorded</h2>
<form method="post" action="/incidents/${escapeHtml(event.id)}"><input type="hidden" name="_csrf" value="${escapeHtml(user.csrf)}">
<fieldset><legend>Accidental or deliberate?</legend>${NATURES.map(
      (n) =>
        `<label><input type="radio" name="nature" value="${n}"${record.nature === n ? ' checked' : ''}> ${n === 'not-recorded' ? 'Not yet decided' : n.charAt(0).toUpperCase() + n.slice(1)}</label>`,
    ).join('')}</fieldset>
<fieldset><legend>Escalation</legend>${ESCALATIONS.map(
      ([field, label]) => `<label><input type="checkbox" name="${field}" value="yes"${record[field] ? ' checked' : ''}> ${label}</label>`,
    ).join('')}</fieldset>
<label for="action_taken">Action taken</label><textarea id="action_taken" name="action_taken" maxlength="4000">${escapeHtml(record.action_taken)}</textarea>
<label for="notes">Decision notes</label><textarea id="notes" name="notes" maxlength="4000">${escapeHtml(record.notes)}</textarea>
<p><button type="submit" id="save">Save record</button></p></form>
<h2>Who changed what, and when</h2>
<table id="audit"><thead><tr><th>When (UTC)</th><th>Who</th><th>Field</th><th>Before</th><th>After</th></tr></thead><tbody>${auditRows || '<tr><td colspan="5">No changes yet.</td></tr>'}</tbody></table>`,
    user,
  );
}
