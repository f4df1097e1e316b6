import { devicePseudonym } from '../../../src/core/events/signing';
import type { Queryable } from '../db';
import { CsvError, parseCsv } from './csv';

/**
 * Reads the Google Admin console's Chrome device export (Devices → Chrome → Devices → Download, or the
 * Directory API field names GAM writes) and fills the device register. Each row's pseudonym is computed here
 * with the school's pseudonym key, exactly as the extension computes it from the directory device ID, so the
 * asset ID, serial and location appear beside that device's events. They stay on this server. The user columns
 * (annotated or recent users) are never read: the register records devices, not pupils.
 */
const COLUMNS = {
  deviceId: ['deviceid', 'directoryapiid', 'directorydeviceid'],
  serialNumber: ['serialnumber', 'serial'],
  assetId: ['annotatedassetid', 'assetid', 'asset'],
  location: ['annotatedlocation', 'location'],
  model: ['model'],
  orgUnit: ['orgunitpath', 'orgunit', 'ou'],
  status: ['status'],
} as const;
type Column = keyof typeof COLUMNS;

const normalise = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, '');
const DEVICE_ID = /^[A-Za-z0-9-]{1,64}$/;
const MAX_TEXT = 200;
/** Control characters never belong in a register cell; they are dropped, and long text is cut. */
const tidy = (value: string | undefined) => {
  const text = [...(value ?? '')]
    .filter((ch) => ch >= ' ' && ch !== '\u007f')
    .join('')
    .trim()
    .slice(0, MAX_TEXT);
  return text === '' ? null : text;
};

export interface AdminDevice {
  deviceId: string;
  pseudonym: string;
  serialNumber: string | null;
  assetId: string | null;
  location: string | null;
  model: string | null;
  orgUnit: string | null;
  status: string | null;
}

export interface ParsedExport {
  devices: AdminDevice[];
  /** Rows left out, with the line number a person sees in a spreadsheet. */
  skipped: { line: number; reason: string }[];
}

export async function parseAdminExport(csv: string, pseudonymKey: string): Promise<ParsedExport> {
  const [header, ...rows] = parseCsv(csv);
  if (!header) throw new CsvError('The file is empty.');
  const index = {} as Record<Column, number>;
  const names = header.map(normalise);
  for (const [column, aliases] of Object.entries(COLUMNS) as [Column, readonly string[]][]) {
    index[column] = names.findIndex((n) => aliases.includes(n));
  }
  if (index.deviceId < 0) {
    throw new CsvError('No "Device ID" column: download the device list from the Admin console (Devices → Chrome → Devices).');
  }
  const devices: AdminDevice[] = [];
  const skipped: ParsedExport['skipped'] = [];
  const seen = new Set<string>();
  for (const [i, row] of rows.entries()) {
    const cell = (column: Column) => (index[column] >= 0 ? tidy(row[index[column]]) : null);
    const deviceId = cell('deviceId');
    const line = i + 2;
    if (!deviceId || !DEVICE_ID.test(deviceId)) {
      skipped.push({ line, reason: 'no valid device ID' });
      continue;
    }
    if (seen.has(deviceId)) {
      skipped.push({ line, reason: 'the same device ID again' });
      continue;
    }
    seen.add(deviceId);
    devices.push({
      deviceId,
      pseudonym: await devicePseudonym(pseudonymKey, deviceId),
      serialNumber: cell('serialNumber'),
      assetId: cell('assetId'),
      location: cell('location'),
      model: cell('model'),
      orgUnit: cell('orgUnit'),
      status: cell('status')?.toUpperCase() ?? null,
    });
  }
  return { devices, skipped };
}

/** Adds or updates register rows (what devices sent themselves is kept). Returns how many were new. */
export async function importDevices(
  db: Queryable,
  devices: AdminDevice[],
  schoolId: string | null,
  now: Date,
): Promise<{ added: number; updated: number }> {
  let added = 0;
  for (let start = 0; start < devices.length; start += 500) {
    const chunk = devices.slice(start, start + 500);
    const rows = await db.query<{ inserted: boolean }>(
      `insert into devices (pseudonym, school_id, device_id_kind, directory_device_id, serial_number, asset_id, location, model, org_unit,
         admin_status, imported_at)
       select d.pseudonym, $1, 'directory', d.device_id, d.serial, d.asset, d.location, d.model, d.ou, d.status, $2
       from unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
         as d(pseudonym, device_id, serial, asset, location, model, ou, status)
       on conflict (pseudonym) do update set
         school_id = coalesce(excluded.school_id, devices.school_id), directory_device_id = excluded.directory_device_id,
         serial_number = excluded.serial_number, asset_id = excluded.asset_id, location = excluded.location,
         model = excluded.model, org_unit = excluded.org_unit, admin_status = excluded.admin_status, imported_at = excluded.imported_at
       returning (xmax = 0) as inserted`,
      [
        schoolId,
        now,
        chunk.map((d) => d.pseudonym),
        chunk.map((d) => d.deviceId),
        chunk.map((d) => d.serialNumber),
        chunk.map((d) => d.assetId),
        chunk.map((d) => d.location),
        chunk.map((d) => d.model),
        chunk.map((d) => d.orgUnit),
        chunk.map((d) => d.status),
      ],
    );
    added += rows.filter((r) => r.inserted).length;
  }
  return { added, updated: devices.length - added };
}
