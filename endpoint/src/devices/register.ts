import type { Queryable } from '../db';
import type { IncomingEvent } from '../ingest/event-rows';
import { schoolFilter, type Account } from '../people/permissions';

/**
 * The device register: one row per device pseudonym, from the school's Admin console export (asset ID, serial,
 * location) and from what devices send (last seen, and from heartbeats the version, policy and rule count).
 */
export interface DeviceRow {
  pseudonym: string;
  school_id: string | null;
  device_id_kind: string | null;
  asset_id: string | null;
  serial_number: string | null;
  location: string | null;
  model: string | null;
  org_unit: string | null;
  admin_status: string | null;
  imported_at: Date | null;
  first_seen_at: Date | null;
  last_seen_at: Date | null;
  heartbeat_at: Date | null;
  extension_version: string | null;
  key_stage: string | null;
  policy_fingerprint: string | null;
  rule_count: number | null;
  in_force: boolean | null;
  policy_source: string | null;
  key_status: string | null;
  pending_keys: number;
}

const DEVICE_SELECT = `select d.*,
  (select k.status from device_keys k where k.device = d.pseudonym order by (k.status = 'active') desc, k.registered_at desc limit 1) as key_status,
  (select count(*)::int from device_keys k where k.device = d.pseudonym and k.status = 'pending') as pending_keys
  from devices d`;

/**
 * Takes the devices' locks for the rest of the transaction, in a fixed order (no deadlock): batches, registrations
 * and key decisions about one device queue, so two batches at once cannot open two concerns for one thing.
 */
export async function lockDevices(tx: Queryable, devices: Iterable<string>): Promise<void> {
  for (const device of [...new Set(devices)].sort()) await tx.query("select pg_advisory_xact_lock(hashtext('device:' || $1))", [device]);
}

export interface DeviceListOptions {
  /** `silent`: not heard from for `silentAfterHours`; `never`: imported but never heard from; `pending`: a key waits. */
  show?: 'all' | 'silent' | 'never' | 'pending';
  silentBefore?: Date;
  search?: string;
  limit?: number;
  offset?: number;
}

export async function listDevices(
  db: Queryable,
  account: Account,
  options: DeviceListOptions = {},
): Promise<{ devices: DeviceRow[]; total: number }> {
  const params: unknown[] = [];
  const where = [schoolFilter(account, 'd.school_id', params)];
  if (options.show === 'silent' && options.silentBefore) {
    params.push(options.silentBefore);
    where.push(`d.last_seen_at < $${params.length}`);
  }
  if (options.show === 'never') where.push('d.last_seen_at is null');
  if (options.show === 'pending') where.push("exists (select 1 from device_keys k where k.device = d.pseudonym and k.status = 'pending')");
  if (options.search) {
    params.push(`%${options.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    const p = `$${params.length}`;
    where.push(`(d.asset_id ilike ${p} or d.serial_number ilike ${p} or d.location ilike ${p} or d.pseudonym ilike ${p})`);
  }
  const clause = where.join(' and ');
  const [count] = await db.query<{ n: number }>(`select count(*)::int as n from devices d where ${clause}`, params);
  params.push(options.limit ?? 200, options.offset ?? 0);
  const devices = await db.query<DeviceRow>(
    `${DEVICE_SELECT} where ${clause} order by d.last_seen_at asc nulls first, d.asset_id nulls last, d.pseudonym
     limit $${params.length - 1} offset $${params.length}`,
    params,
  );
  return { devices, total: count?.n ?? 0 };
}

export async function getDevice(db: Queryable, pseudonym: string): Promise<DeviceRow | null> {
  const [row] = await db.query<DeviceRow>(`${DEVICE_SELECT} where d.pseudonym = $1`, [pseudonym]);
  return row ?? null;
}

/** Register facts for several pseudonyms at once (asset IDs beside concerns and events). */
export async function deviceLabels(
  db: Queryable,
  pseudonyms: string[],
): Promise<Map<string, { assetId: string | null; location: string | null }>> {
  if (pseudonyms.length === 0) return new Map();
  const rows = await db.query<{ pseudonym: string; asset_id: string | null; location: string | null }>(
    'select pseudonym, asset_id, location from devices where pseudonym = any($1::text[])',
    [[...new Set(pseudonyms)]],
  );
  return new Map(rows.map((r) => [r.pseudonym, { assetId: r.asset_id, location: r.location }]));
}

/**
 * Records that devices were heard from (last seen now), and what their newest heartbeat says. Returns the
 * devices that had been silent longer than `silentBefore` allows, so their open "device silent" concern can say
 * they are back.
 */
export async function recordDeviceContact(db: Queryable, events: IncomingEvent[], now: Date, silentBefore: Date): Promise<string[]> {
  const byDevice = new Map<string, IncomingEvent[]>();
  for (const e of events) byDevice.set(e.device, [...(byDevice.get(e.device) ?? []), e]);
  const back: string[] = [];
  for (const [device, list] of byDevice) {
    const latest = list.reduce((a, b) => (a.occurredAt >= b.occurredAt ? a : b));
    const heartbeat = list
      .filter((e) => e.type === 'heartbeat')
      .reduce<IncomingEvent | null>((a, b) => (a && a.occurredAt >= b.occurredAt ? a : b), null);
    const d = heartbeat?.detail ?? {};
    const text = (v: unknown) => (typeof v === 'string' ? v : null);
    const [row] = await db.query<{ previous: Date | null }>(
      `with old as (select last_seen_at from devices where pseudonym = $1)
       insert into devices (pseudonym, school_id, device_id_kind, key_stage, first_seen_at, last_seen_at)
       values ($1, $2, $3, $4, $5, $5)
       on conflict (pseudonym) do update set
         school_id = coalesce(excluded.school_id, devices.school_id),
         device_id_kind = excluded.device_id_kind,
         key_stage = excluded.key_stage,
         first_seen_at = coalesce(devices.first_seen_at, excluded.first_seen_at),
         last_seen_at = greatest(devices.last_seen_at, excluded.last_seen_at)
       returning (select last_seen_at from old) as previous`,
      [device, latest.schoolId, latest.deviceIdKind, latest.keyStage, now],
    );
    if (heartbeat) {
      await db.query(
        `update devices set heartbeat_at = $2, extension_version = $3, policy_fingerprint = $4, rule_count = $5, in_force = $6,
           policy_source = $7 where pseudonym = $1 and (heartbeat_at is null or heartbeat_at <= $2)`,
        [
          device,
          heartbeat.occurredAt,
          text(d.version),
          text(d.policy),
          typeof d.rules === 'number' && Number.isSafeInteger(d.rules) && Math.abs(d.rules) < 2 ** 31 ? d.rules : null,
          typeof d.inForce === 'boolean' ? d.inForce : null,
          text(d.source),
        ],
      );
    }
    if (row?.previous && new Date(row.previous) < silentBefore) back.push(device);
  }
  return back;
}

/** Silent devices and keys waiting for approval, for the home page. */
export async function deviceHealth(db: Queryable, account: Account, silentBefore: Date): Promise<{ silent: number; pendingKeys: number }> {
  const params: unknown[] = [silentBefore];
  const [row] = await db.query<{ silent: number; pending_keys: number }>(
    `select (select count(*)::int from devices d where d.last_seen_at < $1 and ${schoolFilter(account, 'd.school_id', params)}) as silent,
       (select count(*)::int from device_keys k where k.status = 'pending' and ${schoolFilter(account, 'k.school_id', params)}) as pending_keys`,
    params,
  );
  return { silent: row?.silent ?? 0, pendingKeys: row?.pending_keys ?? 0 };
}
