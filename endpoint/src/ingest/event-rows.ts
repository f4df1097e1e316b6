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

const COLUMNS = [
  'id',
  'type',
  'occurred_at',
  'last_occurred_at',
  'received_at',
  'school_id',
  'key_stage',
  'category',
  'host',
  'device',
  'device_id_kind',
  'count',
  'detail',
  'schema_version',
  'severity',
  'term',
  'url',
  'key_id',
  'held_back',
  'grouped',
  'concern_id',
] as const;

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
  const receivedAt = options.receivedAt ?? new Date();
  const params: unknown[] = [];
  const rows = events.map((e) => {
    const values = [
      e.id,
      e.type,
      e.occurredAt,
      e.lastOccurredAt,
      receivedAt,
      e.schoolId,
      e.keyStage,
      e.category,
      e.host,
      e.device,
      e.deviceIdKind,
      e.count,
      JSON.stringify(e.detail),
      e.schemaVersion,
      e.severity,
      e.term,
      e.url,
      options.keyId ?? null,
      heldBack,
      // Grouped into concerns in the same transaction; held events wait for their key's approval.
      !heldBack,
      options.concernOf?.get(e.id) ?? null,
    ];
    const placeholders = values.map((v) => {
      params.push(v);
      return `$${params.length}`;
    });
    return `(${placeholders.join(', ')})`;
  });
  const stored = await db.query<{ id: string }>(
    `insert into events (${COLUMNS.join(', ')}) values ${rows.join(', ')} on conflict (id) do nothing returning id`,
    params,
  );
  const ids = new Set(stored.map((r) => r.id));
  return events.filter((e) => ids.has(e.id));
}
