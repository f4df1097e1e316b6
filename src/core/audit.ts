import type { KeyStage } from './key-stages';
import type { PolicyChange } from './policy/diff';
import type { PolicyIssue } from './policy/resolve';

/** Where the enforced policy came from. */
export type PolicySource = 'admin' | 'last-good' | 'default';

/** One line of the local filtering-policy audit log (kept on the device, in IndexedDB). */
export interface AuditEntry {
  seq?: number;
  /** ISO 8601. */
  at: string;
  kind: 'policy-applied' | 'policy-rejected' | 'policy-missing' | 'policy-pending' | 'rules-failed' | 'lesson-unlock' | 'event';
  source: PolicySource;
  keyStage: KeyStage;
  changes: PolicyChange[];
  issues: PolicyIssue[];
  /** Free text, e.g. the browser's error when rules could not be installed. */
  detail?: string;
}
