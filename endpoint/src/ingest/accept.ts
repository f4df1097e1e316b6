import { classifyEvent } from '../concerns/classify';
import { groupEvents, type ConcernActivity } from '../concerns/grouping';
import type { Database } from '../db';
import { raiseReEnrolment } from '../devices/keys';
import { lockDevices, recordDeviceContact } from '../devices/register';
import { noteDevicesBack, silentBefore } from '../devices/silent';
import type { WorkspaceSettings } from '../settings';
import { groupable, insertEvents, type IncomingEvent } from './event-rows';

export interface Accepted {
  accepted: number;
  duplicates: number;
  heldBack: number;
  /** Concerns opened or grown: for alerts. */
  activity: ConcernActivity[];
}

/**
 * Stores a checked batch in one transaction: new events (a resend is a duplicate), the device register's last
 * seen and heartbeat facts, and the concerns the events open or join. A pending key's events are stored held
 * back instead: no register update, no concern, but its re-enrolment concern turns high when they hold a report.
 */
export async function acceptBatch(
  db: Database,
  events: IncomingEvent[],
  options: { keyId: string | null; heldBack: boolean },
  settings: WorkspaceSettings,
  now: Date,
): Promise<Accepted> {
  return db.transaction(async (tx) => {
    await lockDevices(
      tx,
      events.map((e) => e.device),
    );
    // A batch of routine events (most of them) goes straight in; one that may open or join a concern is grouped
    // first, new events only (a resend is a duplicate), so each row is written once with its concern.
    const unique = [...new Map(events.map((e) => [e.id, e])).values()];
    const mayConcern = !options.heldBack && unique.some((e) => classifyEvent(groupable(e), settings).treatment !== 'routine');
    const stored = mayConcern
      ? new Set(
          (await tx.query<{ id: string }>('select id from events where id = any($1::uuid[])', [unique.map((e) => e.id)])).map((r) => r.id),
        )
      : new Set<string>();
    const fresh = unique.filter((e) => !stored.has(e.id));
    if (options.heldBack) {
      const inserted = await insertEvents(tx, fresh, { keyId: options.keyId, heldBack: true, receivedAt: now });
      const activity: ConcernActivity[] = [];
      if (options.keyId && (await raiseReEnrolment(tx, options.keyId, inserted.map(groupable), settings, now))) {
        const [concern] = await tx.query<{ id: number; school_id: string | null }>(
          "select id, school_id from concerns where key_id = $1 and kind = 're-enrolment' and status <> 'closed'",
          [options.keyId],
        );
        if (concern) {
          activity.push({
            concernId: concern.id,
            created: false,
            kind: 're-enrolment',
            category: null,
            severity: 'high',
            schoolId: concern.school_id,
            events: [],
          });
        }
      }
      return { accepted: inserted.length, duplicates: events.length - inserted.length, heldBack: inserted.length, activity };
    }
    const { activity, concernOf } = await groupEvents(tx, fresh.map(groupable), settings, now, new Set(fresh.map((e) => e.id)));
    const inserted = await insertEvents(tx, fresh, { keyId: options.keyId, heldBack: false, receivedAt: now, concernOf });
    const back = await recordDeviceContact(tx, events, now, silentBefore(settings, now));
    await noteDevicesBack(tx, back, now);
    return { accepted: inserted.length, duplicates: events.length - inserted.length, heldBack: 0, activity };
  });
}
