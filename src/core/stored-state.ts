import { z } from 'zod';
import { POLICY_SOURCES } from './audit';
import { BLOCK_PAGE_KEY_PATTERN } from './blocked-navigation';
import { CATEGORIES } from './categories';
import type { OutboxStatus } from './events/outbox-status';
import { KEY_STAGES } from './key-stages';
import type { ListStatus } from './lists/list-record';
import type { AppliedFingerprints } from './rules/update-plan';
import type { FilterStatus, RestartCopyStatus } from './status';

/**
 * The small records the background keeps in storage.local between service-worker lives, each with
 * the zod schema it is checked against when read back. An extension update can find a record an
 * older version wrote: a known older shape is upgraded on read (`z.preprocess`), anything else that
 * does not fit is treated as absent (its default), so a stale record never crashes the extension
 * or is silently misread. Objects are loose: a field a newer version added is kept, not dropped.
 */

const isoTime = z.string().min(1);
const fingerprints = z.record(z.string().regex(/^\d+$/), z.string()) as unknown as z.ZodType<AppliedFingerprints>;

const restartCopyStatus: z.ZodType<RestartCopyStatus> = z.looseObject({
  state: z.enum(['current', 'writing', 'failed']),
  at: isoTime,
  ms: z.number().optional(),
  error: z.string().optional(),
});

const outboxStatus: z.ZodType<OutboxStatus> = z.looseObject({
  waiting: z.number(),
  sentTotal: z.number(),
  endpoint: z.enum(['configured', 'missing', 'invalid']),
  lastAttemptAt: isoTime.nullable(),
  lastSuccessAt: isoTime.nullable(),
  lastError: z.string().nullable(),
  failures: z.number(),
  nextAttemptAt: isoTime.nullable(),
});

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A status written by an older version: `compileErrors` became `rulesLeftOut`, `limitations` (the
 * blind spots of host filtering, now a constant) went, and the start-up fields came later.
 */
function upgradeFilterStatus(old: unknown): unknown {
  if (!isRecord(old)) return old;
  const { compileErrors, limitations: _blindSpots, ...rest } = old;
  return {
    rulesLeftOut: Array.isArray(compileErrors) ? compileErrors : [],
    timings: { compileMs: 0, installMs: 0 },
    policyPendingSince: null,
    policyReceivedAt: null,
    inForceSince: rest.refreshedAt,
    ...rest,
  };
}

const filterStatus: z.ZodType<FilterStatus> = z.preprocess(
  upgradeFilterStatus,
  z.looseObject({
    refreshedAt: isoTime,
    source: z.enum(POLICY_SOURCES),
    sourceReason: z.string().nullable(),
    keyStage: z.enum(KEY_STAGES),
    approvedSitesOnly: z.boolean(),
    schoolId: z.string().nullable(),
    schoolName: z.string().nullable(),
    issues: z.array(z.looseObject({ path: z.string(), message: z.string(), severity: z.enum(['error', 'warning']) })),
    categories: z.partialRecord(z.enum(CATEGORIES), z.looseObject({ domains: z.number(), rules: z.number() })),
    schoolBlock: z.number(),
    schoolAllow: z.number(),
    safeSearch: z.string(),
    youtubeRestrict: z.string(),
    ruleCount: z.number(),
    rulesLeftOut: z.array(
      z.looseObject({
        code: z.enum(['too-many-rules', 'too-many-unsafe-rules', 'too-many-regex-rules', 'too-many-chunks']),
        message: z.string(),
      }),
    ),
    installError: z.string().nullable(),
    policyPendingSince: isoTime.nullable(),
    policyReceivedAt: isoTime.nullable(),
    inForceSince: isoTime,
    strictestRulesetOn: z.boolean().optional(),
    // Owned by the lists feature; checked there when a list is read back.
    lists: z.custom<ListStatus[]>((value) => Array.isArray(value)).optional(),
    lastInstall: z
      .looseObject({
        rulesSent: z.number(),
        chunkRulesSent: z.number(),
        rulesRemoved: z.number(),
        ms: z.number(),
        restartCopy: z.enum(['written', 'pending', 'current']),
      })
      .optional(),
    bakedListsEnabled: z.array(z.string()).optional(),
    lastRuleChange: z
      .looseObject({
        at: isoTime,
        trigger: z.string(),
        keyStage: z.enum(KEY_STAGES),
        ms: z.number(),
        rulesSent: z.number(),
        chunkRulesSent: z.number(),
      })
      .optional(),
    refreshMs: z.number().optional(),
    timings: z.looseObject({ compileMs: z.number(), installMs: z.number() }),
  }),
);

/** Each key's schema and the value it has when absent (or unreadable). */
export const STORED_STATE = {
  /** The last admin policy that validated, with when it was first enforced. */
  lastGoodPolicy: { schema: z.object({ raw: z.unknown(), at: isoTime }).nullable(), absent: null },
  /** The admin policy as last read, valid or not, to log what changed. */
  lastSeenPolicy: { schema: z.unknown(), absent: undefined },
  /** Dynamic-tier rules (list chunks, list-scale categories) as last installed. */
  appliedFingerprints: { schema: fingerprints.nullable(), absent: null },
  /** The restart copy of the session tier as last written (see src/core/rules/tiers.ts). */
  restartCopyFingerprints: { schema: fingerprints.nullable(), absent: null },
  /** Whether the restart copy matches the policy in force, for the status page. */
  restartCopy: { schema: restartCopyStatus.nullable(), absent: null },
  status: { schema: filterStatus.nullable(), absent: null },
  /** The events outbox as last seen by the sender (status page). */
  outboxStatus: { schema: outboxStatus.nullable(), absent: null },
  /** Random ID of this install, the device pseudonym's source where no directory device ID exists. */
  installId: { schema: z.string().min(1).nullable(), absent: null },
  /** The secret in this device's blocked-page URL (see src/core/blocked-navigation.ts); made once. */
  blockPageKey: { schema: z.string().regex(BLOCK_PAGE_KEY_PATTERN).nullable(), absent: null },
} as const;

export type StoredStateKey = keyof typeof STORED_STATE;
export type StoredState = { [K in StoredStateKey]: z.output<(typeof STORED_STATE)[K]['schema']> };

/**
 * A stored value as the current code reads it: checked, an older shape upgraded, and anything
 * unreadable replaced by the key's absent value, with the reason (for a warning).
 */
export function readStoredValue<K extends StoredStateKey>(key: K, stored: unknown): { value: StoredState[K]; problem: string | null } {
  const item = STORED_STATE[key];
  if (stored === undefined) return { value: item.absent as StoredState[K], problem: null };
  const parsed = item.schema.safeParse(stored);
  if (parsed.success) return { value: parsed.data as StoredState[K], problem: null };
  const first = parsed.error.issues[0];
  return {
    value: item.absent as StoredState[K],
    problem: `Stored ${key} does not fit this version (${first ? `${first.path.join('.') || 'value'}: ${first.message}` : 'invalid'}); treated as absent.`,
  };
}

/** Session-tier fingerprints in storage.session (see src/adapters/state-store.ts). */
export const sessionFingerprintsSchema = fingerprints.nullable();
