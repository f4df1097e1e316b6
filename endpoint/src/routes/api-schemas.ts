import { z } from 'zod';
import { EVENT_TYPES_V2 } from '../../../src/core/events/schema-v2';
import { concernTitle, isOverdue, type ConcernRow } from '../concerns/store';
import type { DeviceRow } from '../devices/register';
import { CONCERN_KINDS, CONCERN_STATUSES, OUTCOMES, ROLES, SEVERITIES } from '../labels';
import type { AccountRecord } from '../people/accounts';

/** Response shapes of the JSON API: the OpenAPI document is generated from these. */

const iso = z.string().describe('ISO 8601 time (UTC).');
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .describe('A calendar day in Europe/London, YYYY-MM-DD.');

export const deviceRefJson = z
  .object({
    pseudonym: z.string().describe('The device pseudonym the extension sends (32 hex digits).'),
    assetId: z.string().nullable().describe('From the imported Admin console device list, when the register knows it.'),
    location: z.string().nullable(),
  })
  .describe('The device a concern or event belongs to.');

export const concernJson = z
  .object({
    id: z.int(),
    severity: z.enum(SEVERITIES),
    status: z.enum(CONCERN_STATUSES),
    kind: z.enum(CONCERN_KINDS),
    category: z.string().nullable(),
    title: z.string().describe('Plain-English name, as on the pages.'),
    firstAt: iso,
    lastAt: iso,
    eventCount: z.int().describe('Stored events in the concern.'),
    occurrences: z.int().describe('Occurrences they stand for (a folded event counts as many).'),
    dueOn: day.nullable(),
    overdue: z.boolean(),
    assignee: z.object({ name: z.string(), displayName: z.string() }).nullable(),
    outcomes: z.array(z.enum(OUTCOMES)),
    schoolId: z.string().nullable(),
    device: deviceRefJson,
    hosts: z.array(z.string()).describe('Up to 20 sites seen in the concern.'),
    createdAt: iso,
    closedAt: iso.nullable(),
  })
  .describe('A concern: one device, one kind of harm, close in time.');

const isoOf = (d: Date | null) => (d === null ? null : new Date(d).toISOString());

export const toConcernJson = (c: ConcernRow, now: Date): z.infer<typeof concernJson> => ({
  id: c.id,
  severity: c.severity,
  status: c.status,
  kind: c.kind,
  category: c.category,
  title: concernTitle(c),
  firstAt: isoOf(c.first_at) ?? '',
  lastAt: isoOf(c.last_at) ?? '',
  eventCount: c.event_count,
  occurrences: c.occurrences,
  dueOn: c.due_on,
  overdue: isOverdue(c, now),
  assignee: c.assignee ? { name: c.assignee, displayName: c.assignee_name ?? c.assignee } : null,
  outcomes: c.outcomes,
  schoolId: c.school_id,
  device: { pseudonym: c.device, assetId: c.asset_id, location: c.location },
  hosts: c.hosts ?? [],
  createdAt: isoOf(c.created_at) ?? '',
  closedAt: isoOf(c.closed_at),
});

export const eventJson = z
  .object({
    schemaVersion: z.int(),
    id: z.string(),
    type: z.enum(EVENT_TYPES_V2),
    occurredAt: iso,
    lastOccurredAt: iso.nullable(),
    receivedAt: iso,
    schoolId: z.string().nullable(),
    keyStage: z.string(),
    category: z.string().nullable(),
    severity: z.string().nullable(),
    host: z.string().nullable(),
    device: z.string(),
    deviceIdKind: z.string(),
    count: z.int(),
    term: z.string().nullable(),
    url: z.string().nullable().describe("A report's page address, when the school sends it (DSL roles only)."),
    detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    concernId: z.int().nullable(),
  })
  .describe('An event as the device sent it, with when it was received and its concern.');

export const deviceJson = z.object({
  pseudonym: z.string(),
  schoolId: z.string().nullable(),
  assetId: z.string().nullable(),
  serialNumber: z.string().nullable(),
  location: z.string().nullable(),
  model: z.string().nullable(),
  orgUnit: z.string().nullable(),
  adminStatus: z.string().nullable(),
  firstSeenAt: iso.nullable(),
  lastSeenAt: iso.nullable(),
  heartbeatAt: iso.nullable(),
  extensionVersion: z.string().nullable(),
  keyStage: z.string().nullable(),
  policyFingerprint: z.string().nullable(),
  ruleCount: z.int().nullable(),
  inForce: z.boolean().nullable(),
  policySource: z.string().nullable(),
  keyStatus: z.string().nullable().describe('active, pending or revoked; null for a version 1 device.'),
  pendingKeys: z.int(),
});

export const toDeviceJson = (d: DeviceRow): z.infer<typeof deviceJson> => ({
  pseudonym: d.pseudonym,
  schoolId: d.school_id,
  assetId: d.asset_id,
  serialNumber: d.serial_number,
  location: d.location,
  model: d.model,
  orgUnit: d.org_unit,
  adminStatus: d.admin_status,
  firstSeenAt: isoOf(d.first_seen_at),
  lastSeenAt: isoOf(d.last_seen_at),
  heartbeatAt: isoOf(d.heartbeat_at),
  extensionVersion: d.extension_version,
  keyStage: d.key_stage,
  policyFingerprint: d.policy_fingerprint,
  ruleCount: d.rule_count,
  inForce: d.in_force,
  policySource: d.policy_source,
  keyStatus: d.key_status,
  pendingKeys: d.pending_keys,
});

export const personJson = z.object({
  name: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  schoolIds: z.array(z.string()).nullable().describe('null: every school.'),
  disabled: z.boolean(),
});

export const toPersonJson = (a: AccountRecord): z.infer<typeof personJson> => ({
  name: a.name,
  displayName: a.displayName,
  role: a.role,
  schoolIds: a.schoolIds,
  disabled: a.disabledAt !== null,
});

export const errorJson = z.object({ error: z.string(), message: z.string().optional(), problems: z.array(z.string()).optional() });
