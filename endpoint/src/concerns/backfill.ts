import type { Database, Queryable } from '../db';
import { lockDevices } from '../devices/register';
import type { Outcome } from '../labels';
import type { WorkspaceSettings } from '../settings';
import { londonDateTime } from '../time';
import { classifyEvent, type GroupableEvent } from './classify';
import { GROUPABLE_COLUMNS, groupableFromRow, groupEvents, insertConcern, type GroupableRow } from './grouping';
import { addNote } from './store';

/**
 * Events stored before concerns existed (an upgrade from the flat inbox) are grouped at start-up by the same
 * rules as new ones, a thousand at a time. What the school recorded about an event in the old inbox is carried
 * into its concern (a note, the outcomes its escalations imply, the old audit trail in plain English), so no
 * record is lost; such a concern is "in progress", for the DSL to review and close.
 */
export async function groupStoredEvents(db: Database, settings: WorkspaceSettings, now: Date, batch = 1000): Promise<number> {
  let total = 0;
  for (;;) {
    const done = await db.transaction(async (tx) => {
      const rows = await tx.query<GroupableRow>(
        `select ${GROUPABLE_COLUMNS} from events where not grouped and not held_back order by received_at, occurred_at limit $1`,
        [batch],
      );
      if (rows.length === 0) return 0;
      const events = rows.map(groupableFromRow);
      await lockDevices(
        tx,
        events.map((e) => e.device),
      );
      await groupEvents(tx, events, settings, now);
      await tx.query('update events set grouped = true where id = any($1::uuid[])', [events.map((e) => e.id)]);
      await carryIncidentRecords(tx, events, settings, now);
      return rows.length;
    });
    total += done;
    if (done < batch) return total;
  }
}

interface IncidentRow {
  event_id: string;
  nature: string;
  action_taken: string;
  escalated_iwf: boolean;
  escalated_ceop: boolean;
  escalated_police: boolean;
  parents_informed: boolean;
  notes: string;
  updated_at: Date;
  updated_by: string;
  concern_id: number | null;
}

async function carryIncidentRecords(tx: Queryable, events: GroupableEvent[], settings: WorkspaceSettings, now: Date): Promise<void> {
  const incidents = await tx.query<IncidentRow>(
    'select i.*, e.concern_id from incidents i join events e on e.id = i.event_id where i.event_id = any($1::uuid[])',
    [events.map((e) => e.id)],
  );
  const byId = new Map(events.map((e) => [e.id, e]));
  for (const incident of incidents) {
    const event = byId.get(incident.event_id);
    if (!event) continue;
    let concernId = incident.concern_id;
    if (concernId === null) {
      // A routine event someone recorded something about: it gets a concern of its own so the record stays in view.
      const classification = classifyEvent(event, settings);
      const severity = event.category ? settings.categorySeverity[event.category] : 'low';
      concernId = await insertConcern(
        tx,
        {
          device: event.device,
          schoolId: event.schoolId,
          kind: event.type === 'blocked' ? 'blocked' : 'earlier-record',
          category: event.category,
          severity: classification.treatment === 'routine' ? severity : classification.severity,
          at: event.occurredAt,
        },
        settings,
        now,
      );
      await tx.query('update concerns set event_count = 1, occurrences = $2 where id = $1', [concernId, event.count]);
      await tx.query('update events set concern_id = $1 where id = $2', [concernId, event.id]);
    }
    const outcomes: Outcome[] = [
      ...(incident.escalated_iwf ? (['iwf-report'] as const) : []),
      ...(incident.escalated_ceop || incident.escalated_police ? (['police-ceop'] as const) : []),
      ...(incident.parents_informed ? (['parents-informed'] as const) : []),
    ];
    const recorded = incident.nature !== 'not-recorded' || incident.action_taken !== '' || incident.notes !== '' || outcomes.length > 0;
    if (!recorded) continue;
    const lines = [
      `Recorded in the earlier inbox by ${incident.updated_by}, last on ${londonDateTime(incident.updated_at)}.`,
      `Accidental or deliberate: ${{ accidental: 'accidental', deliberate: 'deliberate' }[incident.nature] ?? 'not recorded'}.`,
      ...(incident.action_taken ? [`Action taken: ${incident.action_taken}`] : []),
      ...(incident.notes ? [`Notes: ${incident.notes}`] : []),
    ];
    await addNote(tx, concernId, incident.updated_by, lines.join('\n'), now);
    await tx.query(
      `update concerns set status = case when status = 'new' then 'in-progress' else status end,
         outcomes = array(select distinct unnest(outcomes || $2::text[])) where id = $1`,
      [concernId, outcomes],
    );
    await tx.query(
      `insert into audit_log (at, actor, action, concern_id, school_id, target, old_value, new_value)
       select at, actor, 'legacy-field', $2, $3, field, old_value, new_value from incident_audit where event_id = $1 order by seq`,
      [incident.event_id, concernId, event.schoolId],
    );
  }
}
