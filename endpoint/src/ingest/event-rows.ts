import type { WireEvent } from '../../../src/core/events/schema';
import type { WireEventV2 } from '../../../src/core/events/schema-v2';
import type { GroupableEvent } from '../concerns/classify';
import type { Queryable } from '../db';

/** A v1 or v2 event as stored: v1 events have no severity, term or URL. */
export type IncomingEvent = Omit<WireEventV2, 'schemaVersion'> & { schemaVersion: 1 | 2 };

export const fromV1 = (event: WireEvent): IncomingEvent => ({ ...event, severity: null, term: null, url: null });

export const groupable = (e: IncomingEvent): GroupableEvent => ({
  id: e.id,
  type: e.type,
  occurredAt: new Date(e.occurredAt),
  category: e.category,
  severity: e.severity,
  device: e.device,
  schoolId: e.schoolId,
  count: e.count,
  host: e.host,
  keyStage: e.keyStage,
});

/** Per-event columns, passed as one array each (unnest): ten thousand single parameters cost far more to bind. */
const PER_EVENT: [column: string, type: string, value: (e: IncomingEvent) => unknown][] = [
  ['id', 'uuid', (e) => e.id],
  ['type', 'text', (e) => e.type],
  ['occurred_at', 'timestamptz', (e) => e.occurredAt],
  ['last_occurred_at', 'timestamptz', (e) => e.lastOccurredAt],
  ['school_id', 'text', (e) => e.schoolId],
  ['key_stage', 'text', (e) => e.keyStage],
  ['category', 'text', (e) => e.category],
  ['host', 'text', (e) => e.host],
  ['device', 'text', (e) => e.device],
  ['device_id_kind', 'text', (e) => e.deviceIdKind],
  ['count', 'int', (e) => e.count],
  ['detail', 'jsonb', (e) => JSON.stringify(e.detail)],
  ['schema_version', 'int', (e) => e.schemaVersion],
  ['severity', 'text', (e) => e.severity],
  ['term', 'text', (e) => e.term],
  ['url', 'text', (e) => e.url],
];

export interface InsertOptions {
  /** The v2 device key that signed the batch; null for v1. */
  keyId?: string | null;
  /** Stored but kept aside: the key waits for approval (no concern, alert or count until then). */
  heldBack?: boolean;
  receivedAt?: Date;
  /** The concern each event joined, decided before the insert. */
  concernOf?: ReadonlyMap<string, number>;
}

/** Inserts new events (one statement per batch) and returns those not stored before (`id` de-duplicates). */
export async function insertEvents(db: Queryable, events: IncomingEvent[], options: InsertOptions = {}): Promise<IncomingEvent[]> {
  if (events.length === 0) return [];
  const heldBack = options.heldBack ?? false;
  const concernOf = options.concernOf;
  // The same for the whole batch: when it arrived, which key signed it, whether it waits for that key's approval.
  const shared = [options.receivedAt ?? new Date(), options.keyId ?? null, heldBack, !heldBack];
  const arrays = PER_EVENT.map(([, , value]) => events.map(value));
  const n = shared.length;
  const columns = PER_EVENT.map(([column]) => column);
  const stored = await db.query<{ id: string }>(
    `insert into events (${columns.join(', ')}, received_at, key_id, held_back, grouped, concern_id)
     select ${columns.map((c) => `u.${c}`).join(', ')}, $1::timestamptz, $2::text, $3::boolean, $4::boolean, u.concern_id
     from unnest(${PER_EVENT.map(([, type], i) => `$${n + i + 1}::${type}[]`).join(', ')}, $${n + PER_EVENT.length + 1}::int[])
       as u(${columns.join(', ')}, concern_id)
     on conflict (id) do nothing returning id`,
    [...shared, ...arrays, events.map((e) => concernOf?.get(e.id) ?? null)],
  );
  const ids = new Set(stored.map((r) => r.id));
  return events.filter((e) => ids.has(e.id));
}
