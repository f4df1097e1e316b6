import type { PublicJwk, Registration } from '../../../src/core/events/schema-v2';
import { audit } from '../audit';
import {
  type ConcernActivity,
  GROUPABLE_COLUMNS,
  groupableFromRow,
  groupEvents,
  insertConcern,
  type GroupableRow,
} from '../concerns/grouping';
import { classifyEvent, type GroupableEvent } from '../concerns/classify';
import { closeBySystem } from '../concerns/store';
import type { Queryable } from '../db';
import type { Account } from '../people/permissions';
import { lockDevices } from './register';
import type { WorkspaceSettings } from '../settings';

/**
 * Per-device signing keys (docs/wire-format-v2.md, "One pseudonym, one key"). The first key for a pseudonym is
 * trusted on first use; a later one waits as pending, its batches stored but held back, until a DSL or IT user
 * approves it (the old key is revoked and the held events released) or rejects it (revoked, events discarded).
 */
export type KeyStatus = 'active' | 'pending' | 'revoked';

export interface DeviceKey {
  key_id: string;
  device: string;
  device_id_kind: string;
  public_key: PublicJwk;
  status: KeyStatus;
  school_id: string | null;
  key_stage: string | null;
  extension_version: string | null;
  registered_at: Date;
  decided_at: Date | null;
  decided_by: string | null;
}

export async function findKey(db: Queryable, keyId: string): Promise<DeviceKey | null> {
  const [row] = await db.query<DeviceKey>('select * from device_keys where key_id = $1', [keyId]);
  return row ?? null;
}

export async function keysOf(db: Queryable, device: string): Promise<(DeviceKey & { held: number })[]> {
  return db.query(
    `select k.*, (select count(*)::int from events e where e.key_id = k.key_id and e.held_back) as held
     from device_keys k where k.device = $1 order by k.registered_at desc`,
    [device],
  );
}

const lockDevice = (tx: Queryable, device: string) => lockDevices(tx, [device]);

export interface RegistrationOutcome {
  status: KeyStatus;
  /** True when this call stored the key (201 or 202), false when the same key was registered before (200). */
  created: boolean;
}

/** Registers a verified key. Must run in a transaction. */
export async function registerKey(
  tx: Queryable,
  registration: Registration,
  settings: WorkspaceSettings,
  now: Date,
): Promise<RegistrationOutcome> {
  await lockDevice(tx, registration.device);
  const existing = await findKey(tx, registration.keyId);
  if (existing) return { status: existing.status, created: false };
  const [other] = await tx.query('select 1 from device_keys where device = $1 and status in ($2, $3) limit 1', [
    registration.device,
    'active',
    'revoked',
  ]);
  const status: KeyStatus = other ? 'pending' : 'active';
  await tx.query(
    `insert into device_keys (key_id, device, device_id_kind, public_key, status, school_id, key_stage, extension_version, registered_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      registration.keyId,
      registration.device,
      registration.deviceIdKind,
      JSON.stringify(registration.publicKey),
      status,
      registration.schoolId,
      registration.keyStage,
      registration.extensionVersion,
      now,
    ],
  );
  // The register lists the device at once; a pending key does not count as the device being seen.
  await tx.query(
    `insert into devices (pseudonym, school_id, device_id_kind, key_stage, first_seen_at, last_seen_at, extension_version)
     values ($1, $2, $3, $4, $5, $5, $6)
     on conflict (pseudonym) do update set school_id = coalesce(devices.school_id, excluded.school_id),
       device_id_kind = coalesce(devices.device_id_kind, excluded.device_id_kind)`,
    [
      registration.device,
      registration.schoolId,
      registration.deviceIdKind,
      registration.keyStage,
      status === 'active' ? now : null,
      registration.extensionVersion,
    ],
  );
  if (status === 'pending') {
    await insertConcern(
      tx,
      {
        device: registration.device,
        schoolId: registration.schoolId,
        kind: 're-enrolment',
        category: null,
        severity: 'medium',
        at: now,
        keyId: registration.keyId,
      },
      settings,
      now,
    );
  }
  return { status, created: true };
}

/**
 * Held events that would matter (a pupil's report, a high-severity alert) make the key's re-enrolment concern
 * high, so it reaches the top of Needs action before anyone approves.
 */
export async function raiseReEnrolment(
  tx: Queryable,
  keyId: string,
  held: GroupableEvent[],
  settings: WorkspaceSettings,
  now: Date,
): Promise<boolean> {
  const urgent = held.some((e) => {
    const c = classifyEvent(e, settings);
    return e.type === 'reported' || (c.treatment === 'concern' && c.kind === 'alert' && c.severity === 'high');
  });
  if (!urgent) return false;
  const raised = await tx.query(
    `update concerns set severity = 'high', severity_rank = 1, updated_at = $2
     where key_id = $1 and kind = 're-enrolment' and status <> 'closed' and severity <> 'high' returning id`,
    [keyId, now],
  );
  return raised.length > 0;
}

export class KeyDecisionError extends Error {}

const heldEvents = async (tx: Queryable, keyId: string) =>
  (await tx.query<GroupableRow>(`select ${GROUPABLE_COLUMNS} from events where key_id = $1 and held_back`, [keyId])).map(groupableFromRow);

async function pendingKey(tx: Queryable, keyId: string): Promise<DeviceKey> {
  const key = await findKey(tx, keyId);
  if (!key) throw new KeyDecisionError('No such device key.');
  await lockDevice(tx, key.device);
  const locked = await findKey(tx, keyId);
  if (locked?.status !== 'pending') throw new KeyDecisionError('This key is not waiting for approval.');
  return locked;
}

const reEnrolmentConcerns = (tx: Queryable, keyId: string) =>
  tx.query<{ id: number }>("select id from concerns where key_id = $1 and kind = 're-enrolment' and status <> 'closed'", [keyId]);

/** Approves a pending key: the device's other active key is revoked, the held events released and grouped. */
export async function approveKey(
  tx: Queryable,
  keyId: string,
  actor: Account,
  settings: WorkspaceSettings,
  now: Date,
): Promise<ConcernActivity[]> {
  const key = await pendingKey(tx, keyId);
  await tx.query("update device_keys set status = 'revoked', decided_at = $2, decided_by = $3 where device = $1 and status = 'active'", [
    key.device,
    now,
    actor.name,
  ]);
  await tx.query("update device_keys set status = 'active', decided_at = $2, decided_by = $3 where key_id = $1", [keyId, now, actor.name]);
  const held = await heldEvents(tx, keyId);
  await tx.query('update events set held_back = false, grouped = true where key_id = $1 and held_back', [keyId]);
  const { activity } = await groupEvents(tx, held, settings, now);
  for (const { id } of await reEnrolmentConcerns(tx, keyId)) {
    await closeBySystem(
      tx,
      id,
      `${actor.displayName} approved the new key; the old key was revoked and ${held.length} held event(s) released.`,
      now,
    );
  }
  await audit(tx, { actor: actor.name, action: 'key-approved', schoolId: key.school_id, target: key.device }, now);
  return activity;
}

/** Rejects a pending key: revoked, and the events it sent discarded. */
export async function rejectKey(tx: Queryable, keyId: string, actor: Account, now: Date): Promise<number> {
  const key = await pendingKey(tx, keyId);
  await tx.query("update device_keys set status = 'revoked', decided_at = $2, decided_by = $3 where key_id = $1", [keyId, now, actor.name]);
  const discarded = (await tx.query('delete from events where key_id = $1 and held_back returning 1', [keyId])).length;
  for (const { id } of await reEnrolmentConcerns(tx, keyId)) {
    await closeBySystem(tx, id, `${actor.displayName} rejected the new key; ${discarded} event(s) it sent were discarded.`, now);
  }
  await audit(tx, { actor: actor.name, action: 'key-rejected', schoolId: key.school_id, target: key.device }, now);
  return discarded;
}

/**
 * Revokes every key of a device (lost, stolen or leaving the school): it can no longer send, and a new key it
 * registers waits for approval.
 */
export async function revokeDevice(tx: Queryable, device: string, actor: Account, now: Date): Promise<number> {
  await lockDevice(tx, device);
  const revoked = await tx.query<{ key_id: string; school_id: string | null }>(
    "update device_keys set status = 'revoked', decided_at = $2, decided_by = $3 where device = $1 and status <> 'revoked' returning key_id, school_id",
    [device, now, actor.name],
  );
  for (const key of revoked) {
    await tx.query('delete from events where key_id = $1 and held_back', [key.key_id]);
    for (const { id } of await reEnrolmentConcerns(tx, key.key_id))
      await closeBySystem(tx, id, `${actor.displayName} revoked the device.`, now);
  }
  if (revoked.length > 0)
    await audit(tx, { actor: actor.name, action: 'key-revoked', schoolId: revoked[0]?.school_id ?? null, target: device }, now);
  return revoked.length;
}
