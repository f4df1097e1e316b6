import { EVENT_CATEGORIES } from '../../../src/core/alert-categories';
import { describeAudit, type AuditRow } from '../audit';
import { categoryLabel, SEVERITIES, SEVERITY_LABELS } from '../labels';
import type { PeriodSummary } from '../reports/summary';
import { weeklyText } from '../reports/summary';
import type { WorkspaceSettings } from '../settings';
import { dayLabel } from '../time';
import { csrfField, html, options } from './html';
import { layout, type PageContext } from './layout';
import { flash, problem, when } from './parts';
import { cardTable } from './table';

export interface UnlockCode {
  schoolId: string | null;
  code: string;
  validFrom: Date;
  validUntil: Date;
}

/** The current unlock code for each school the person can see (every view is audited). */
export function unlockCodePage(ctx: PageContext, codes: UnlockCode[], configured: boolean): string {
  const body = html`<h1>Unlock code</h1>
    ${
      configured
        ? html`<p class="lede">
              Read the code to the adult at the Chromebook. It changes every 30 seconds; the one before and after are accepted too.
            </p>
            ${codes.map(
              (c) =>
                html`<section class="panel">
                  <h2>${c.schoolId ? `School ${c.schoolId}` : 'This school'}</h2>
                  <p class="code" id="code-${c.schoolId ?? 'default'}">${c.code.slice(0, 3)} ${c.code.slice(3)}</p>
                  <p>Valid until ${when(c.validUntil)} (UK time).</p>
                </section>`,
            )}
            <form method="get" action="/unlock-code"><button type="submit" class="button-primary">Show a fresh code</button></form>`
        : html`<p class="panel">
            No unlock secret is set on this server. Set <code>UNLOCK_CODE_SECRET</code> to the same base32 secret as the policy's
            <code>unlockCodeSecret</code>.
          </p>`
    }`;
  return layout(ctx, 'Unlock code', body);
}

export function settingsPage(ctx: PageContext, settings: WorkspaceSettings, result: { notice?: string; error?: string }): string {
  const number = (name: string, label: string, value: number, min: number, max: number) =>
    html`<label for="${name}">${label}</label
      ><input type="number" id="${name}" name="${name}" value="${value}" min="${min}" max="${max}" required />`;
  const body = html`<h1>Settings</h1>
    ${flash(result.notice)}${problem(result.error)}
    <form method="post" action="/settings" class="stack panel" id="settings-form">
      ${csrfField(ctx.csrf)}
      <fieldset>
        <legend>How serious each category is</legend>
        <p class="muted">
          High: every blocked visit or alert is a concern and alerts the DSL at once. Medium: alerts are concerns; blocked visits become a
          concern when repeated, and go in the daily digest. Low: statistics only.
        </p>
        ${EVENT_CATEGORIES.map(
          (c) =>
            html`<label for="sev-${c}">${categoryLabel(c)}</label
              ><select id="sev-${c}" name="sev-${c}">
                ${options(
                  SEVERITIES.map((s) => [s, SEVERITY_LABELS[s]] as const),
                  settings.categorySeverity[c],
                )}
              </select>`,
        )}
      </fieldset>
      <fieldset>
        <legend>Repeated attempts</legend>
        ${number('repeatThreshold', 'Blocked visits in one medium category, on one device…', settings.repeatThreshold, 2, 100)}
        ${number('repeatWindowMinutes', '…within this many minutes open a concern', settings.repeatWindowMinutes, 1, 1440)}
        ${number('groupWindowMinutes', 'Events this many minutes apart still join the same concern', settings.groupWindowMinutes, 5, 10080)}
      </fieldset>
      <fieldset>
        <legend>Devices</legend>
        ${number('silentAfterHours', 'A device is silent after this many hours', settings.silentAfterHours, 1, 2160)}
      </fieldset>
      <fieldset>
        <legend>Default due dates (days after the concern opens)</legend>
        ${SEVERITIES.map((s) => number(`due-${s}`, SEVERITY_LABELS[s], settings.dueDays[s], 0, 60))}
      </fieldset>
      <p class="actions"><button type="submit" class="button-primary">Save settings</button></p>
    </form>`;
  return layout(ctx, 'Settings', body);
}

export function auditPage(ctx: PageContext, rows: AuditRow[], displayName: (user: string | null) => string): string {
  const body = html`<h1>Audit</h1>
    <p class="lede">Who did what, newest first (the last 500).</p>
    ${cardTable({
      id: 'audit',
      columns: ['When', 'Who', 'What', 'Concern'],
      rows: rows.map((r) => ({
        cells: [
          when(r.at),
          displayName(r.actor),
          describeAudit(r, displayName),
          r.concern_id ? html`<a href="/concerns/${r.concern_id}">#${r.concern_id}</a>` : '—',
        ],
      })),
    })}`;
  return layout(ctx, 'Audit', body);
}

/** The weekly summary for the DSL and the senior leader, for any week; printable. */
export function reportsPage(ctx: PageContext, summary: PeriodSummary, firstDay: string, previous: string, next: string | null): string {
  const body = html`<h1>Weekly summary</h1>
    <p class="lede">Week beginning ${dayLabel(firstDay)}. The same summary is emailed each Monday to the DSL and the senior leader.</p>
    <p class="actions">
      <a href="/reports?week=${previous}">Previous week</a>${next ? html` <a href="/reports?week=${next}">Next week</a>` : ''}
    </p>
    <pre class="panel wrap" id="summary">${weeklyText(summary, undefined)}</pre>`;
  return layout(ctx, 'Reports', body);
}
