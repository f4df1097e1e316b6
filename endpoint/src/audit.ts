import type { Queryable } from './db';
import { schoolFilter, type Account } from './people/permissions';
import { OUTCOME_LABELS, STATUS_LABELS, type ConcernStatus, type Outcome } from './labels';
import { dayLabel } from './time';

/** Everything a person does in the workspace, recorded with who and when; shown in plain English. */
export const AUDIT_ACTIONS = {
  'concern-status': 'Changed the status',
  'concern-assignee': 'Changed who it is assigned to',
  'concern-due': 'Changed the due date',
  'concern-outcomes': 'Recorded the outcome',
  'concern-note': 'Added a note',
  'concern-link': 'Linked another concern',
  'concern-unlink': 'Unlinked a concern',
  'legacy-field': 'Changed the record (before the upgrade)',
  'log-in': 'Logged in',
  'log-out': 'Logged out',
  'device-import': 'Imported the device list',
  'key-approved': "Approved a device's new key",
  'key-rejected': "Rejected a device's new key",
  'key-revoked': "Revoked a device's key",
  'user-created': 'Added an account',
  'user-changed': 'Changed an account',
  'password-reset': "Reset someone's password",
  'password-changed': 'Changed their own password',
  'token-created': 'Made an API token',
  'token-revoked': 'Revoked an API token',
  'settings-changed': 'Changed the workspace settings',
  'unlock-code-viewed': 'Viewed the unlock code',
  'events-exported': 'Downloaded events as CSV',
  'sessions-ended': 'Ended sessions',
} as const;
export type AuditAction = keyof typeof AUDIT_ACTIONS;

export interface AuditEntry {
  actor: string;
  action: AuditAction;
  schoolId?: string | null;
  concernId?: number | null;
  target?: string | null;
  oldValue?: string | null;
  newValue?: string | null;
}

export async function audit(db: Queryable, entry: AuditEntry, at: Date): Promise<void> {
  await db.query(
    `insert into audit_log (at, actor, action, school_id, concern_id, target, old_value, new_value)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      at,
      entry.actor,
      entry.action,
      entry.schoolId ?? null,
      entry.concernId ?? null,
      entry.target ?? null,
      entry.oldValue ?? null,
      entry.newValue ?? null,
    ],
  );
}

export interface AuditRow {
  seq: number;
  at: Date;
  actor: string;
  action: string;
  school_id: string | null;
  concern_id: number | null;
  target: string | null;
  old_value: string | null;
  new_value: string | null;
}

/** Fields of the first endpoint's incident record, for its audit trail carried into concerns. */
const LEGACY_FIELDS: Record<string, string> = {
  nature: 'Accidental or deliberate',
  action_taken: 'Action taken',
  escalated_iwf: 'Reported to the IWF',
  escalated_ceop: 'Reported to CEOP',
  escalated_police: 'Police informed',
  parents_informed: 'Parents or carers informed',
  notes: 'Notes',
};
const LEGACY_VALUES: Record<string, string> = {
  true: 'Yes',
  false: 'No',
  'not-recorded': 'Not recorded',
  accidental: 'Accidental',
  deliberate: 'Deliberate',
};
const legacyValue = (v: string | null) => (v === null || v === '' ? '(empty)' : (LEGACY_VALUES[v] ?? `“${v}”`));

const status = (v: string | null) => (v ? (STATUS_LABELS[v as ConcernStatus] ?? v) : '—');
const outcomes = (v: string | null) =>
  v
    ? v
        .split(',')
        .filter(Boolean)
        .map((o) => OUTCOME_LABELS[o as Outcome] ?? o)
        .join('; ') || 'none'
    : 'none';

/** One audit row as a sentence: what happened, with the before and after in words. */
export function describeAudit(row: AuditRow, displayName: (user: string | null) => string): string {
  switch (row.action) {
    case 'concern-status':
      return `Changed the status from ${status(row.old_value)} to ${status(row.new_value)}`;
    case 'concern-assignee':
      return row.new_value ? `Assigned it to ${displayName(row.new_value)}` : `Unassigned it (was ${displayName(row.old_value)})`;
    case 'concern-due':
      return row.new_value ? `Set the due date to ${dayLabel(row.new_value)}` : 'Removed the due date';
    case 'concern-outcomes':
      return `Recorded the outcome: ${outcomes(row.new_value)}`;
    case 'concern-note':
      return 'Added a note';
    case 'concern-link':
      return `Linked concern ${row.target ?? ''}`;
    case 'concern-unlink':
      return `Unlinked concern ${row.target ?? ''}`;
    case 'legacy-field':
      return `Before the upgrade: ${LEGACY_FIELDS[row.target ?? ''] ?? row.target}: ${legacyValue(row.old_value)} → ${legacyValue(row.new_value)}`;
    default: {
      const base = AUDIT_ACTIONS[row.action as AuditAction] ?? row.action;
      return row.target ? `${base}: ${row.target}` : base;
    }
  }
}

/** The newest audit entries the account may see (entries of other schools are left out). */
export async function recentAudit(db: Queryable, account: Account, limit = 500): Promise<AuditRow[]> {
  const params: unknown[] = [];
  const scope = schoolFilter(account, 'school_id', params);
  params.push(limit);
  return db.query<AuditRow>(
    `select * from audit_log where (school_id is null or ${scope}) order by seq desc limit $${params.length}`,
    params,
  );
}
