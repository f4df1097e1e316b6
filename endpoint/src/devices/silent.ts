import type { ConcernActivity } from '../concerns/grouping';
import { insertConcern } from '../concerns/grouping';
import { addNote, SYSTEM_ACTOR } from '../concerns/store';
import type { Database, Queryable } from '../db';
import type { WorkspaceSettings } from '../settings';
import { londonDateTime } from '../time';

/** Any fixed number: the timer and a page load checking at once take turns. */
const SILENT_CHECK_LOCK = 7_341_121;

export const silentBefore = (settings: WorkspaceSettings, now: Date): Date =>
  new Date(now.getTime() - settings.silentAfterHours * 3600_000);

/**
 * Raises a high "device silent" concern for each device heard from before but not for `silentAfterHours`
 * (extension removed, disabled or broken), unless one is already open, the device was revoked on purpose or the
 * Admin console export says it is no longer in use. Devices never heard from are listed in the register instead.
 */
export async function raiseSilentDevices(db: Database, settings: WorkspaceSettings, now: Date): Promise<ConcernActivity[]> {
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [SILENT_CHECK_LOCK]);
    const silent = await tx.query<{ pseudonym: string; school_id: string | null; last_seen_at: Date }>(
      `select d.pseudonym, d.school_id, d.last_seen_at from devices d
       where d.last_seen_at < $1
         and (d.admin_status is null or d.admin_status = 'ACTIVE')
         and not exists (select 1 from concerns c where c.device = d.pseudonym and c.kind = 'device-silent' and c.status <> 'closed')
         and not (exists (select 1 from device_keys k where k.device = d.pseudonym)
                  and not exists (select 1 from device_keys k where k.device = d.pseudonym and k.status <> 'revoked'))
       order by d.last_seen_at`,
      [silentBefore(settings, now)],
    );
    const activity: ConcernActivity[] = [];
    for (const device of silent) {
      const id = await insertConcern(
        tx,
        {
          device: device.pseudonym,
          schoolId: device.school_id,
          kind: 'device-silent',
          category: null,
          severity: 'high',
          at: new Date(device.last_seen_at),
        },
        settings,
        now,
      );
      await tx.query('update concerns set last_at = $2 where id = $1', [id, now]);
      activity.push({
        concernId: id,
        created: true,
        kind: 'device-silent',
        category: null,
        severity: 'high',
        schoolId: device.school_id,
        events: [],
      });
    }
    return activity;
  });
}

/** Notes on open "device silent" concerns that the device has been heard from again. */
export async function noteDevicesBack(tx: Queryable, devices: string[], now: Date): Promise<void> {
  if (devices.length === 0) return;
  const open = await tx.query<{ id: number }>(
    "select id from concerns where device = any($1::text[]) and kind = 'device-silent' and status <> 'closed'",
    [devices],
  );
  for (const { id } of open) await addNote(tx, id, SYSTEM_ACTOR, `The device was heard from again on ${londonDateTime(now)}.`, now);
}
