import { audit } from '../audit';
import { listConcerns, type ConcernRow } from '../concerns/store';
import type { EventRow } from '../events/query';
import { listEvents } from '../events/query';
import { can, seesSchool, type Account } from '../people/permissions';
import { secretFor, type AppContext } from '../web/context';
import { parseAdminExport, importDevices } from './admin-export';
import { CsvError } from './csv';
import { approveKey, findKey, KeyDecisionError, keysOf, rejectKey, revokeDevice, type DeviceKey } from './keys';
import { getDevice, type DeviceRow } from './register';

/** What the device pages and the device API share: the import, key decisions, revocation and a device's record. */

export class DeviceActionError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 403 | 404 = 400,
  ) {
    super(message);
  }
}

/** The school an import is for: the person's only school, one of theirs, or any (every-school accounts). */
function importSchool(account: Account, requested: string | undefined): string | null {
  const wanted = requested?.trim() || null;
  if (account.schoolIds === null) return wanted;
  if (wanted === null && account.schoolIds.length === 1) return account.schoolIds[0] ?? null;
  if (wanted !== null && account.schoolIds.includes(wanted)) return wanted;
  throw new DeviceActionError('Choose one of your schools for this device list.', 403);
}

export async function importDeviceList(ctx: AppContext, account: Account, csv: string, requestedSchool: string | undefined) {
  const schoolId = importSchool(account, requestedSchool);
  const key = secretFor(ctx.config.pseudonymKeys, schoolId);
  if (!key) throw new DeviceActionError('The server has no pseudonym key (PSEUDONYM_KEY) to work out device pseudonyms with.');
  let parsed;
  try {
    parsed = await parseAdminExport(csv, key);
  } catch (error) {
    if (error instanceof CsvError) throw new DeviceActionError(error.message);
    throw error;
  }
  const at = ctx.now();
  const counts = await ctx.db.transaction(async (tx) => {
    const result = await importDevices(tx, parsed.devices, schoolId, at);
    await audit(tx, { actor: account.name, action: 'device-import', schoolId, target: `${parsed.devices.length} devices` }, at);
    return result;
  });
  return { ...counts, skipped: parsed.skipped };
}

async function visibleKey(ctx: AppContext, account: Account, keyId: string): Promise<DeviceKey> {
  const key = await findKey(ctx.db, keyId);
  if (!key || !seesSchool(account, key.school_id)) throw new DeviceActionError('No such device key.', 404);
  return key;
}

/** Approve (old key revoked, held events released and alerted) or reject (revoked, held events discarded). */
export async function decideKey(ctx: AppContext, account: Account, keyId: string, decision: 'approve' | 'reject'): Promise<DeviceKey> {
  const key = await visibleKey(ctx, account, keyId);
  const settings = await ctx.settings();
  const at = ctx.now();
  try {
    if (decision === 'approve')
      ctx.notifier.concernActivity(await ctx.db.transaction((tx) => approveKey(tx, keyId, account, settings, at)));
    else await ctx.db.transaction((tx) => rejectKey(tx, keyId, account, at));
  } catch (error) {
    if (error instanceof KeyDecisionError) throw new DeviceActionError(error.message);
    throw error;
  }
  return key;
}

export async function revoke(ctx: AppContext, account: Account, pseudonym: string): Promise<number> {
  const device = await getDevice(ctx.db, pseudonym);
  if (!device || !seesSchool(account, device.school_id)) throw new DeviceActionError('No such device.', 404);
  return ctx.db.transaction((tx) => revokeDevice(tx, pseudonym, account, ctx.now()));
}

export interface DeviceRecord {
  device: DeviceRow;
  keys: (DeviceKey & { held: number })[];
  /** DSL roles only: every concern and event of the device, newest first. */
  chronology: { concerns: ConcernRow[]; events: EventRow[]; olderThan: Date | null } | null;
}

export const CHRONOLOGY_PAGE = 200;

/** `before`: an ISO time; only events that happened before it (paging back through the chronology). */
export async function deviceRecord(ctx: AppContext, account: Account, pseudonym: string, before?: string): Promise<DeviceRecord | null> {
  const device = await getDevice(ctx.db, pseudonym);
  if (!device || !seesSchool(account, device.school_id)) return null;
  const keys = await keysOf(ctx.db, pseudonym);
  if (!can(account, 'concerns')) return { device, keys, chronology: null };
  const { concerns } = await listConcerns(ctx.db, account, { status: 'all', device: pseudonym, order: 'recent', limit: 500 });
  const events = await listEvents(ctx.db, account, {
    device: pseudonym,
    order: 'occurred',
    ...(before ? { until: new Date(before) } : {}),
    limit: CHRONOLOGY_PAGE,
  });
  const oldest = events.at(-1);
  return {
    device,
    keys,
    chronology: { concerns, events, olderThan: events.length === CHRONOLOGY_PAGE && oldest ? new Date(oldest.occurred_at) : null },
  };
}
