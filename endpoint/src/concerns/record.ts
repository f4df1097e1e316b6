import type { AuditRow } from '../audit';
import type { Queryable } from '../db';
import { keysOf } from '../devices/keys';
import { getDevice, type DeviceRow } from '../devices/register';
import { listEvents, type EventRow } from '../events/query';
import { listAccounts, type AccountRecord } from '../people/accounts';
import type { Account } from '../people/permissions';
import { SYSTEM_ACTOR, concernAudit, concernNotes, linkedConcerns, visibleConcern, type ConcernRow, type NoteRow } from './store';

/** Everything the concern page and `GET /api/concerns/:id` show about one concern. */
export interface ConcernRecord {
  concern: ConcernRow;
  device: DeviceRow | null;
  events: EventRow[];
  notes: NoteRow[];
  links: ConcernRow[];
  history: AuditRow[];
  pendingKey: { keyId: string; status: string; held: number; registeredAt: Date } | null;
}

export async function concernRecord(db: Queryable, account: Account, id: number): Promise<ConcernRecord | null> {
  const concern = await visibleConcern(db, account, id);
  if (!concern) return null;
  const [device, events, notes, links, history, keys] = [
    await getDevice(db, concern.device),
    await listEvents(db, account, { concernId: id, order: 'occurred', limit: 1000 }),
    await concernNotes(db, id),
    await linkedConcerns(db, id),
    await concernAudit(db, id),
    concern.key_id ? await keysOf(db, concern.device) : [],
  ];
  const key = keys.find((k) => k.key_id === concern.key_id);
  return {
    concern,
    device,
    events,
    notes,
    links,
    history,
    pendingKey: key ? { keyId: key.key_id, status: key.status, held: key.held, registeredAt: key.registered_at } : null,
  };
}

/** People's names for notes, history and assignees ("School Safeguard" for what the server did itself). */
export async function peopleDirectory(db: Queryable): Promise<{ accounts: AccountRecord[]; displayName: (user: string | null) => string }> {
  const accounts = await listAccounts(db);
  const names = new Map(accounts.map((a) => [a.name, a.displayName]));
  return {
    accounts,
    displayName: (user) => (user === null ? 'nobody' : user === SYSTEM_ACTOR ? 'School Safeguard' : (names.get(user) ?? user)),
  };
}

/** Who a concern may be assigned to: enabled DSLs and deputies who can see its school. */
export const assignable = (accounts: AccountRecord[], schoolId: string | null): AccountRecord[] =>
  accounts.filter(
    (a) => a.disabledAt === null && a.role !== 'it' && (a.schoolIds === null || (schoolId !== null && a.schoolIds.includes(schoolId))),
  );
