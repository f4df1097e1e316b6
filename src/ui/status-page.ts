import type { AuditEntry } from '@/src/core/audit';
import { CATEGORIES, CATEGORY_DESCRIPTIONS } from '@/src/core/categories';
import { KEY_STAGE_LABELS } from '@/src/core/key-stages';
import type { PolicyChange } from '@/src/core/policy/diff';
import type { DeviceKeyStatus, OutboxStatus, RegistrationState } from '@/src/core/events/outbox-status';
import { REFUSAL_WORDS } from '@/src/core/events/replies';
import type { FilterStatus } from '@/src/core/status';
import { FILTER_BLIND_SPOTS } from '@/src/core/rules/compiler';
import type { RestartCopyStatus } from '@/src/core/status';
import type { DeploymentCheck } from '@/src/core/deployment';
import { deploymentSection } from './deployment-section';
import { el } from './dom';

const SOURCE_WORDS: Record<FilterStatus['source'], string> = {
  admin: 'Admin policy (Google Admin console)',
  'last-good': 'Last good admin policy (the current one has problems)',
  default: 'Built-in strictest profile (no valid admin policy yet)',
};

/** Renders the staff status page. Everything is text; nothing is parsed as HTML. */
export function renderStatusPage(
  doc: Document,
  status: FilterStatus | null,
  audit: AuditEntry[],
  outbox: OutboxStatus | null = null,
  restartCopy: RestartCopyStatus | null = null,
  deployment: readonly DeploymentCheck[] | null = null,
): void {
  const main = doc.getElementById('app');
  if (!main) return;
  const title = el(doc, 'h1', {}, 'School Safeguard — filtering status');
  if (!status) {
    main.replaceChildren(
      title,
      el(doc, 'p', { id: 'no-status' }, 'The filter has not applied a policy yet. It will as soon as the browser starts it.'),
    );
    return;
  }
  main.replaceChildren(
    title,
    summary(doc, status, restartCopy),
    ...(deployment ? [deploymentSection(doc, deployment)] : []),
    outboxSection(doc, outbox),
    issues(doc, status),
    categories(doc, status),
    lists(doc, status),
    auditTable(doc, audit),
  );
}

const ENDPOINT_WORDS: Record<OutboxStatus['endpoint'], string> = {
  configured: 'Configured',
  missing: 'Not set in the admin policy (events wait on this device)',
  invalid: 'Refused (see the last error)',
};

function outboxSection(doc: Document, o: OutboxStatus | null): HTMLElement {
  const row = (term: string, value: string, id: string, cls = '') => [
    el(doc, 'dt', {}, term),
    el(doc, 'dd', { id, ...(cls ? { class: cls } : {}) }, value),
  ];
  const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : 'Never');
  return el(
    doc,
    'section',
    { 'aria-labelledby': 'outbox-heading' },
    el(doc, 'h2', { id: 'outbox-heading' }, 'Breach events to the school endpoint'),
    o
      ? el(
          doc,
          'dl',
          { id: 'outbox' },
          ...row('Endpoint', ENDPOINT_WORDS[o.endpoint], 'outbox-endpoint'),
          ...row('Waiting to be sent', String(o.waiting), 'outbox-waiting'),
          ...row('Sent since install', String(o.sentTotal), 'outbox-sent'),
          ...row('Last sent', when(o.lastSuccessAt), 'outbox-last-success'),
          ...row('Last error', o.lastError ?? 'None', 'outbox-last-error', o.lastError ? 'issue-error' : ''),
          ...(o.nextAttemptAt ? row('Next try', when(o.nextAttemptAt), 'outbox-next') : []),
          ...deviceKeyRows(o.device).flatMap(([term, value, id, cls]) => row(term, value, id, cls)),
        )
      : el(doc, 'p', { id: 'outbox' }, 'No breach event has been recorded on this device.'),
  );
}

const REGISTRATION_WORDS: Record<RegistrationState, string> = {
  unregistered: 'Not registered yet: the device registers its key with the enrolment token before sending',
  active: 'Registered: the endpoint accepts events signed with this key',
  pending:
    'Waiting for approval in the device register (a re-enrolled device): the endpoint keeps its events aside until the DSL or IT approves the key',
  revoked: 'Revoked by the school: the device makes and registers a new key',
};

/** The device-key rows of the events section: term, value, element id, class. */
export function deviceKeyRows(device: DeviceKeyStatus | undefined): [string, string, string, string][] {
  if (!device?.keyId) return [];
  const refusal = device.lastRefusal
    ? `${REFUSAL_WORDS[device.lastRefusal]} (${device.lastRefusal}${device.lastRefusalAt ? `, ${new Date(device.lastRefusalAt).toLocaleString()}` : ''})`
    : 'None';
  return [
    // The key ID names the public key only; its first characters are enough to find it in the device register.
    ['Device key', `${device.keyId.slice(0, 12)}…`, 'device-key', ''],
    ['Registration', REGISTRATION_WORDS[device.registration], 'device-registration', `registration-${device.registration}`],
    ['Last refusal by the endpoint', refusal, 'device-last-refusal', ''],
  ];
}

const RESTART_COPY_WORDS: Record<RestartCopyStatus['state'], string> = {
  current: 'Up to date: after a browser restart the same rules apply at once',
  writing: 'Being written (the browser re-indexes every list); until then a restarted browser briefly applies the previous policy',
  failed: 'Not written',
};

function summary(doc: Document, s: FilterStatus, copy: RestartCopyStatus | null): HTMLElement {
  const row = (term: string, value: string, id: string, cls = '') => [
    el(doc, 'dt', {}, term),
    el(doc, 'dd', { id, ...(cls ? { class: cls } : {}) }, value),
  ];
  return el(
    doc,
    'section',
    { 'aria-labelledby': 'summary-heading' },
    el(doc, 'h2', { id: 'summary-heading' }, 'Policy'),
    el(
      doc,
      'dl',
      {},
      ...row('School', s.schoolName ? `${s.schoolName}${s.schoolId ? ` (${s.schoolId})` : ''}` : 'Not set', 'school'),
      ...row('Key stage', `${s.keyStage} — ${KEY_STAGE_LABELS[s.keyStage]}`, 'key-stage'),
      ...row('Policy source', SOURCE_WORDS[s.source], 'source', `source-${s.source}`),
      ...(s.sourceReason ? row('Why', s.sourceReason, 'source-reason') : []),
      ...row('Mode', s.approvedSitesOnly ? 'Approved sites only' : 'Category filtering', 'mode'),
      ...row('Safe search', s.safeSearch, 'safe-search'),
      ...row('YouTube Restricted Mode', s.youtubeRestrict, 'youtube'),
      ...row('Rules installed', String(s.ruleCount), 'rule-count'),
      ...startUpRows(s, row),
      ...row('Last applied', new Date(s.refreshedAt).toLocaleString(), 'refreshed-at'),
      ...row('Time taken', `${Math.round(s.timings.compileMs)} ms to compile, ${Math.round(s.timings.installMs)} ms to install`, 'timings'),
      ...(s.installError ? row('Browser refused the rules', s.installError, 'install-error', 'issue-error') : []),
      ...(copy
        ? row(
            'Copy for a browser restart',
            `${RESTART_COPY_WORDS[copy.state]}${copy.error ? `: ${copy.error}` : ''} (${new Date(copy.at).toLocaleString()})`,
            'restart-copy',
            copy.state === 'failed' ? 'issue-error' : '',
          )
        : []),
    ),
  );
}

/**
 * Always in force (README): whether Chrome has delivered the admin policy yet, since when the rules
 * are in force, and whether the strictest built-in rules still hold everything but approved sites.
 */
function startUpRows(s: FilterStatus, row: (term: string, value: string, id: string, cls?: string) => HTMLElement[]): HTMLElement[] {
  const when = (iso: string) => new Date(iso).toLocaleString();
  const enforcing = s.source === 'last-good' ? 'the last good policy' : 'the strictest profile';
  return [
    ...(s.policyPendingSince !== null
      ? row(
          'Admin policy from Chrome',
          `Pending since ${when(s.policyPendingSince)}: Chrome holds policy back until the browser has finished starting (up to 3 minutes while pages keep loading). Until it arrives this device enforces ${enforcing}.`,
          'policy-pending',
          'issue-warning',
        )
      : row('Admin policy from Chrome', s.policyReceivedAt ? `Received ${when(s.policyReceivedAt)}` : 'Never received', 'policy-received')),
    ...row('Rules in force since', when(s.inForceSince), 'in-force-since'),
    ...(s.strictestRulesetOn === undefined
      ? []
      : row(
          'Strictest built-in rules',
          s.strictestRulesetOn
            ? 'On: every site but approved learning and sign-in sites is blocked until a valid policy is in force'
            : 'Off: a valid policy is in force',
          'strictest-ruleset',
          s.strictestRulesetOn ? 'issue-warning' : '',
        )),
  ];
}

function issues(doc: Document, s: FilterStatus): HTMLElement {
  const items = [
    ...s.issues.map((i) =>
      el(doc, 'li', { class: `issue-${i.severity}` }, `${i.severity === 'error' ? 'Error' : 'Skipped'} — ${i.path}: ${i.message}`),
    ),
    ...s.rulesLeftOut.map((e) => el(doc, 'li', { class: 'issue-error' }, e.message)),
  ];
  return el(
    doc,
    'section',
    { 'aria-labelledby': 'issues-heading' },
    el(doc, 'h2', { id: 'issues-heading' }, 'Problems with the policy'),
    items.length ? el(doc, 'ul', { id: 'issues' }, ...items) : el(doc, 'p', { id: 'issues' }, 'None.'),
    el(doc, 'h2', {}, 'Known limits of browser filtering'),
    el(doc, 'ul', {}, ...FILTER_BLIND_SPOTS.map((l) => el(doc, 'li', {}, l))),
  );
}

function categories(doc: Document, s: FilterStatus): HTMLElement {
  const rows = CATEGORIES.filter((c) => s.categories[c]).map((c) =>
    el(
      doc,
      'tr',
      { 'data-category': c },
      el(
        doc,
        'td',
        {},
        CATEGORY_DESCRIPTIONS[c],
        c === 'illegal' && s.categories[c]?.domains === 0
          ? ' — none yet: the IWF and CTIRU lists arrive as licensed feeds (see README).'
          : null,
      ),
      el(doc, 'td', {}, String(s.categories[c]?.domains ?? 0)),
      el(doc, 'td', {}, String(s.categories[c]?.rules ?? 0)),
    ),
  );
  return el(
    doc,
    'section',
    { 'aria-labelledby': 'categories-heading' },
    el(doc, 'h2', { id: 'categories-heading' }, 'Blocked categories'),
    el(
      doc,
      'table',
      { id: 'categories' },
      el(doc, 'thead', {}, el(doc, 'tr', {}, el(doc, 'th', {}, 'Category'), el(doc, 'th', {}, 'Sites'), el(doc, 'th', {}, 'Rules'))),
      el(doc, 'tbody', {}, ...rows),
    ),
    el(doc, 'p', {}, `School block list: ${s.schoolBlock} sites. School allow list: ${s.schoolAllow} sites.`),
  );
}

/** "3 hours ago" style age, so staff can spot a list that stopped updating. */
export function describeAge(iso: string | null, now = Date.now()): string {
  if (iso === null) return 'never';
  const minutes = Math.max(0, Math.round((now - Date.parse(iso)) / 60_000));
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

function lists(doc: Document, s: FilterStatus): HTMLElement {
  const feeds = s.lists ?? [];
  const rows = feeds.map((l) => {
    const dropped = Object.entries(l.dropped)
      .map(([reason, count]) => `${count} ${reason}`)
      .join(', ');
    return el(
      doc,
      'tr',
      { 'data-list-category': l.category, class: l.lastError ? 'issue-error' : '' },
      el(doc, 'td', {}, l.name ? `${l.category} (${l.name})` : l.category),
      el(doc, 'td', {}, l.url),
      el(doc, 'td', { class: 'list-domains' }, String(l.domains)),
      el(doc, 'td', { class: 'list-age' }, describeAge(l.verifiedAt)),
      el(doc, 'td', { class: 'list-error' }, l.lastError ?? 'None'),
      el(doc, 'td', {}, `${l.lines} lines; ${l.coveredByParent} covered by a parent; dropped: ${dropped || 'none'}`),
      el(
        doc,
        'td',
        { class: 'list-suppressed' },
        l.suppressed === 0
          ? 'None'
          : `${l.suppressed}: ${l.suppressedSamples.join(', ')}${l.suppressed > l.suppressedSamples.length ? ', …' : ''}`,
      ),
    );
  });
  return el(
    doc,
    'section',
    { 'aria-labelledby': 'lists-heading' },
    el(doc, 'h2', { id: 'lists-heading' }, 'Downloaded category lists'),
    ...(feeds.length > 0 ? [el(doc, 'button', { id: 'lists-check-now', type: 'button' }, 'Check lists now')] : []),
    feeds.length === 0
      ? el(doc, 'p', { id: 'lists' }, 'No list feeds are configured.')
      : el(
          doc,
          'table',
          { id: 'lists' },
          el(
            doc,
            'thead',
            {},
            el(
              doc,
              'tr',
              {},
              ...['Category', 'Address', 'Sites', 'Last checked good', 'Last error', 'Lines', 'Not blocked (essential sites)'].map((h) =>
                el(doc, 'th', {}, h),
              ),
            ),
          ),
          el(doc, 'tbody', {}, ...rows),
        ),
    ...(s.bakedListsEnabled
      ? [el(doc, 'p', { id: 'baked-lists' }, `Lists built into this package, switched on: ${s.bakedListsEnabled.join(', ') || 'none'}.`)]
      : []),
    el(
      doc,
      'p',
      {},
      'Essential education and platform sites are never blocked by a downloaded list; name them in blockDomains or categoryDomains to block them.',
    ),
  );
}

function describeChange(c: PolicyChange): string {
  if (c.added || c.removed) {
    const parts = [];
    if (c.added?.length) parts.push(`added ${c.added.join(', ')}`);
    if (c.removed?.length) parts.push(`removed ${c.removed.join(', ')}`);
    return `${c.path}: ${parts.join('; ')}`;
  }
  return `${c.path}: ${JSON.stringify(c.before) ?? '(unset)'} → ${JSON.stringify(c.after) ?? '(unset)'}`;
}

function auditTable(doc: Document, audit: AuditEntry[]): HTMLElement {
  const rows = audit.map((a) =>
    el(
      doc,
      'tr',
      { 'data-kind': a.kind },
      el(doc, 'td', {}, new Date(a.at).toLocaleString()),
      el(doc, 'td', {}, a.kind),
      el(doc, 'td', {}, `${a.keyStage} (${a.source})`),
      el(
        doc,
        'td',
        {},
        el(
          doc,
          'ul',
          {},
          ...a.changes.map((c) => el(doc, 'li', {}, describeChange(c))),
          ...(a.detail ? [el(doc, 'li', {}, a.detail)] : []),
        ),
      ),
    ),
  );
  return el(
    doc,
    'section',
    { 'aria-labelledby': 'audit-heading' },
    el(doc, 'h2', { id: 'audit-heading' }, 'Policy change log (this device)'),
    el(
      doc,
      'table',
      { id: 'audit' },
      el(doc, 'thead', {}, el(doc, 'tr', {}, ...['When', 'What', 'Key stage', 'Changes'].map((h) => el(doc, 'th', {}, h)))),
      el(doc, 'tbody', {}, ...rows),
    ),
  );
}
