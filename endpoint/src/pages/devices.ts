import type { ConcernRow } from '../concerns/store';
import type { DeviceKey } from '../devices/keys';
import type { DeviceRow } from '../devices/register';
import type { EventRow } from '../events/query';
import { KEY_STATUS_LABELS, yesNo } from '../labels';
import { buttonForm, csrfField, html, options, type Html } from './html';
import { layout, type PageContext } from './layout';
import { concernTable, deviceName, eventTable, flash, problem, when } from './parts';
import { cardTable } from './table';

export type DeviceShow = 'all' | 'silent' | 'never' | 'pending';
const SHOW_LABELS: Record<DeviceShow, string> = {
  all: 'Every device',
  silent: 'Silent',
  never: 'Never heard from',
  pending: 'New key to approve',
};

export interface DevicesView {
  devices: DeviceRow[];
  total: number;
  show: DeviceShow;
  search: string;
  silentAfterHours: number;
  silentBefore: Date;
  /** Schools the person may import for: one select option each; empty for an every-school account. */
  schools: string[] | null;
  notice?: string;
  error?: string;
  skipped?: { line: number; reason: string }[];
}

/** "No" stands out: a device whose filtering is not in force needs IT now. */
const inForce = (value: boolean | null) => (value === false ? html`<span class="overdue">No</span>` : yesNo(value));

/** Approve and reject buttons for a pending device key (device page and re-enrolment concern). */
export const keyDecisionButtons = (csrf: string, keyId: string, wording: 'short' | 'long' = 'short'): Html =>
  html`<div class="actions">
    ${buttonForm(`/device-keys/${keyId}/approve`, csrf, wording === 'long' ? 'Approve the new key' : 'Approve', '', 'primary')}
    ${buttonForm(`/device-keys/${keyId}/reject`, csrf, wording === 'long' ? 'Reject it and discard its events' : 'Reject', '', 'danger')}
  </div>`;

/** "7 days" or "36 hours". */
const silentPeriod = (hours: number) => (hours % 24 === 0 ? `${hours / 24} day${hours === 24 ? '' : 's'}` : `${hours} hours`);

const lastSeen = (d: DeviceRow, silentBefore: Date): Html =>
  d.last_seen_at === null
    ? html`<span class="overdue">Never heard from</span>`
    : new Date(d.last_seen_at) < silentBefore
      ? html`<span class="overdue">Silent since ${when(d.last_seen_at)}</span>`
      : when(d.last_seen_at);

/** The device register: what the Admin console export says and what devices report, with the import form. */
export function devicesPage(ctx: PageContext, view: DevicesView): string {
  const body = html`<h1>Devices</h1>
    ${flash(view.notice)}${problem(view.error)}
    ${
      view.skipped?.length
        ? html`<details class="panel">
            <summary>${view.skipped.length} row(s) of the file were left out</summary>
            <ul>
              ${view.skipped.slice(0, 50).map((s) => html`<li>Line ${s.line}: ${s.reason}</li>`)}
            </ul>
          </details>`
        : ''
    }
    <p class="lede">
      A device is silent when it has not been heard from for ${silentPeriod(view.silentAfterHours)}: the extension may have been removed,
      disabled or broken. Asset IDs, serials and locations come from the Admin console export and stay on this server.
    </p>
    <form class="filters" method="get" action="/devices">
      <div>
        <label for="show">Show</label
        ><select id="show" name="show">
          ${options(Object.entries(SHOW_LABELS), view.show)}
        </select>
      </div>
      <div><label for="q">Asset ID, serial or location</label><input type="search" id="q" name="q" value="${view.search}" /></div>
      <div><button type="submit" class="button-primary">Show</button></div>
    </form>
    ${cardTable({
      id: 'devices',
      caption: `${view.total} device${view.total === 1 ? '' : 's'}`,
      columns: ['Device', 'Serial', 'Location', 'Last seen', 'Version', 'Filtering in force', 'Key'],
      rows: view.devices.map((d) => ({
        data: { name: 'pseudonym', value: d.pseudonym },
        cells: [
          html`<a href="/devices/${d.pseudonym}">${deviceName(d.asset_id, d.pseudonym)}</a>`,
          d.serial_number ?? '—',
          d.location ?? '—',
          lastSeen(d, view.silentBefore),
          d.extension_version ?? '—',
          inForce(d.in_force),
          d.pending_keys > 0
            ? html`<strong>New key to approve</strong>`
            : d.key_status
              ? (KEY_STATUS_LABELS[d.key_status] ?? d.key_status)
              : 'Version 1 (shared key)',
        ],
      })),
    })}
    <section class="panel" aria-labelledby="import-h">
      <h2 id="import-h">Import the device list</h2>
      <p>
        In the Google Admin console open Devices → Chrome → Devices, choose Download (CSV), then upload the file here. Each device's
        pseudonym is worked out with the school's key, so its asset ID, serial and location appear beside its events. Users' names in the
        file are not read.
      </p>
      <form method="post" action="/devices/import" enctype="multipart/form-data" class="stack" id="import-form">
        ${csrfField(ctx.csrf)}
        ${
          view.schools && view.schools.length > 1
            ? html`<label for="school">School</label
                ><select id="school" name="schoolId">
                  ${options(
                    view.schools.map((s) => [s, s] as const),
                    view.schools[0],
                  )}
                </select>`
            : view.schools?.length === 1
              ? html`<input type="hidden" name="schoolId" value="${view.schools[0]}" />`
              : html`<label for="school">School ID (leave empty for a single school)</label
                  ><input type="text" id="school" name="schoolId" maxlength="64" />`
        } <label for="file">Device list (CSV)</label><input type="file" id="file" name="file" accept=".csv,text/csv" required />
        <p class="actions"><button type="submit" class="button-primary" id="import">Import</button></p>
      </form>
    </section>`;
  return layout(ctx, 'Devices', body);
}

export interface DeviceView {
  device: DeviceRow;
  keys: (DeviceKey & { held: number })[];
  silentBefore: Date;
  /** Present only for DSL roles: concerns and events, newest first. */
  chronology: { concerns: ConcernRow[]; events: EventRow[]; olderThan: Date | null } | null;
  notice?: string;
  error?: string;
}

/** One device: its register entry and keys, and for DSL roles its chronology (every concern and event, newest first). */
export function devicePage(ctx: PageContext, view: DeviceView, now: Date): string {
  const d = view.device;
  const name = deviceName(d.asset_id, d.pseudonym);
  const facts: [string, Html | string][] = [
    ['Asset ID', d.asset_id ?? 'Not in the imported list'],
    ['Serial number', d.serial_number ?? '—'],
    ['Location', d.location ?? '—'],
    ['Model', d.model ?? '—'],
    ['Organisational unit', d.org_unit ?? '—'],
    ['Admin console status', d.admin_status ?? '—'],
    ['School', d.school_id ?? '—'],
    ['Key stage', d.key_stage ?? '—'],
    ['Last seen', lastSeen(d, view.silentBefore)],
    ['First seen', when(d.first_seen_at)],
    ['Last check-in', when(d.heartbeat_at)],
    ['Extension version', d.extension_version ?? '—'],
    ['Filtering in force', inForce(d.in_force)],
    ['Policy', d.policy_fingerprint ? `${d.policy_fingerprint} (${d.policy_source ?? 'unknown source'})` : '—'],
    ['Rules installed', d.rule_count === null ? '—' : String(d.rule_count)],
    ['Pseudonym', d.pseudonym],
  ];
  const keys = view.keys.length
    ? cardTable({
        id: 'keys',
        caption: 'Signing keys',
        columns: ['Key', 'Status', 'Registered', 'Decided', 'Held events', 'Action'],
        rows: view.keys.map((k) => ({
          cells: [
            { content: `${k.key_id.slice(0, 12)}…`, className: 'wrap' },
            KEY_STATUS_LABELS[k.status] ?? k.status,
            when(k.registered_at),
            k.decided_at ? html`${when(k.decided_at)} by ${k.decided_by ?? ''}` : '—',
            k.held,
            k.status === 'pending' ? keyDecisionButtons(ctx.csrf, k.key_id) : '—',
          ],
        })),
      })
    : html`<p class="muted">This device has not registered a key of its own (it sends with the school's shared version 1 key).</p>`;
  const c = view.chronology;
  const register = html`<section class="panel" aria-labelledby="register-h">
      <h2 id="register-h">Register</h2>
      <dl class="facts" id="register">
        ${facts.map(
          ([k, v]) =>
            html`<dt>${k}</dt>
              <dd>${v}</dd>`,
        )}
      </dl>
    </section>
    <section class="panel" aria-labelledby="keys-h">
      <h2 id="keys-h">Keys</h2>
      ${keys}
      ${
        view.keys.some((k) => k.status !== 'revoked')
          ? html`<p>
                Revoke the device when it is lost, stolen or leaves the school: it can no longer send, and any new key it registers waits
                for approval.
              </p>
              ${buttonForm(`/devices/${d.pseudonym}/revoke`, ctx.csrf, 'Revoke this device', '', 'danger')}`
          : ''
      }
    </section>`;
  // For the DSL the device's story comes first (one line of who and where, then the chronology); for IT the register.
  const body = c
    ? html`<p><a href="/devices">← Devices</a></p>
        <h1>${name}</h1>
        ${flash(view.notice)}${problem(view.error)}
        <p class="lede" id="summary">
          ${[d.serial_number && `Serial ${d.serial_number}`, d.location, d.key_stage && `Key stage ${d.key_stage}`]
            .filter(Boolean)
            .join(' · ')}${d.serial_number || d.location || d.key_stage ? ' · ' : ''}Last
          seen ${lastSeen(d, view.silentBefore)}
        </p>
        <h2 id="chronology">Chronology</h2>
        ${c.concerns.length ? concernTable('Concerns (newest first)', c.concerns, now, false, 'device-concerns') : html`<p class="panel">No concerns for this device.</p>`}
        ${c.events.length ? eventTable('Every event (newest first)', c.events, true, 'device-events') : html`<p class="panel">No events from this device.</p>`}
        ${c.olderThan ? html`<p><a href="/devices/${d.pseudonym}?before=${c.olderThan.toISOString()}#chronology">Older events</a></p>` : ''}
        ${register}`
    : html`<p><a href="/devices">← Devices</a></p>
        <h1>${name}</h1>
        ${flash(view.notice)}${problem(view.error)}${register}`;
  return layout(ctx, name, body);
}
