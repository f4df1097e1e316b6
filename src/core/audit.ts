import { z } from 'zod';
import { KEY_STAGES, type KeyStage } from './key-stages';
import type { PolicyChange } from './policy/diff';
import type { PolicyIssue } from './policy/resolve';

/** Where the enforced policy came from. */
export const POLICY_SOURCES = ['admin', 'last-good', 'default'] as const;
export type PolicySource = (typeof POLICY_SOURCES)[number];

export const AUDIT_KINDS = [
  'policy-applied',
  'policy-rejected',
  'policy-missing',
  'policy-pending',
  'rules-failed',
  'lesson-unlock',
  'event',
] as const;

/** One line of the local filtering-policy audit log (kept on the device, in IndexedDB). */
export interface AuditEntry {
  seq?: number;
  /** ISO 8601. */
  at: string;
  kind: (typeof AUDIT_KINDS)[number];
  source: PolicySource;
  keyStage: KeyStage;
  changes: PolicyChange[];
  issues: PolicyIssue[];
  /** Free text, e.g. the browser's error when rules could not be installed. */
  detail?: string;
}

/**
 * An audit entry as read back from IndexedDB: the status page skips one that does not fit this
 * version rather than fail on it. Loose: newer fields are kept.
 */
export const auditEntrySchema: z.ZodType<AuditEntry> = z.looseObject({
  seq: z.number().optional(),
  at: z.string(),
  kind: z.enum(AUDIT_KINDS),
  source: z.enum(POLICY_SOURCES),
  keyStage: z.enum(KEY_STAGES),
  changes: z.array(z.looseObject({ path: z.string(), added: z.array(z.string()).optional(), removed: z.array(z.string()).optional() })),
  issues: z.array(z.looseObject({ path: z.string(), message: z.string(), severity: z.enum(['error', 'warning']) })),
  detail: z.string().optional(),
});
