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
    const inserted = await insertEvents(tx, events, { keyId: options.keyId, heldBack: options.heldBack, receivedAt: now });
    const duplicates = events.length - inserted.length;
    if (options.heldBack) {
      const raised = options.keyId ? await raiseReEnrolment(tx, options.keyId, inserted.map(groupable), settings, now) : false;
      const activity: ConcernActivity[] = [];
      if (raised && options.keyId) {
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
      return { accepted: inserted.length, duplicates, heldBack: inserted.length, activity };
    }
    const back = await recordDeviceContact(tx, events, now, silentBefore(settings, now));
    await noteDevicesBack(tx, back, now);
    const activity = await groupEvents(tx, inserted.map(groupable), settings, now);
    return { accepted: inserted.length, duplicates, heldBack: 0, activity };
  });
}
