import { timingSafeEqual } from 'node:crypto';
import { eventBatchSchema, type WireEvent } from '../../src/core/events/schema';
import { SIGNATURE_TOLERANCE_SECONDS, verifySignature } from '../../src/core/events/signing';
import type { Database } from './db';

export interface IngestConfig {
  token: string;
  /** Defaults to the token, as in the extension. */
  signingKey?: string;
}

export interface IngestRequest {
  contentType: string | undefined;
  authorization: string | undefined;
  signature: string | undefined;
  body: string;
}

export type IngestResult =
  | { status: 200; body: { accepted: number; duplicates: number }; inserted: WireEvent[] }
  | { status: 400 | 401 | 409 | 415; body: { error: string; details?: string[] } };

/**
 * Checks and stores one POST of events: content type, bearer token, signature (fresh and
 * unseen, so a captured request cannot be replayed), then the schema. Events already stored are
 * skipped by id, so the extension's resends are harmless.
 */
export async function ingest(db: Database, config: IngestConfig, request: IngestRequest, nowMs = Date.now()): Promise<IngestResult> {
  if (!/^application\/json\b/i.test(request.contentType ?? '')) {
    return { status: 415, body: { error: 'Content-Type must be application/json.' } };
  }
  if (!bearerMatches(request.authorization, config.token)) {
    return { status: 401, body: { error: 'Missing or wrong bearer token.' } };
  }
  const check = await verifySignature(config.signingKey ?? config.token, request.body, request.signature, nowMs / 1000);
  if (!check.ok) {
    const why = {
      'missing-or-malformed': 'Missing or malformed X-Safeguard-Signature header.',
      stale: `Signature timestamp is more than ${SIGNATURE_TOLERANCE_SECONDS} s from the server clock (replayed, or the device clock is wrong).`,
      mismatch: 'Signature does not match the body.',
    }[check.reason];
    return { status: 401, body: { error: why } };
  }
  const fresh = await db.query(
    'insert into seen_signatures (signature, seen_at) values ($1, $2) on conflict do nothing returning signature',
    [check.signature.v1, new Date(nowMs)],
  );
  if (fresh.length === 0) return { status: 409, body: { error: 'This request was already received (replay).' } };

  let json: unknown;
  try {
    json = JSON.parse(request.body);
  } catch {
    return { status: 400, body: { error: 'Body is not valid JSON.' } };
  }
  const parsed = eventBatchSchema.safeParse(json);
  if (!parsed.success) {
    return {
      status: 400,
      body: {
        error: 'Body does not match the event schema (docs/event.schema.json).',
        details: parsed.error.issues.slice(0, 10).map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`),
      },
    };
  }
  const inserted = await insertEvents(db, parsed.data.events);
  return { status: 200, body: { accepted: inserted.length, duplicates: parsed.data.events.length - inserted.length }, inserted };
}

const COLUMNS = [
  'id',
  'type',
  'occurred_at',
  'last_occurred_at',
  'school_id',
  'key_stage',
  'category',
  'host',
  'device',
  'device_id_kind',
  'count',
  'detail',
  'schema_version',
] as const;

/** Inserts new events (one statement per batch) and returns those that were not stored before. */
export async function insertEvents(db: Database, events: WireEvent[]): Promise<WireEvent[]> {
  if (events.length === 0) return [];
  const params: unknown[] = [];
  const rows = events.map((e) => {
    const values = [
      e.id,
      e.type,
      e.occurredAt,
      e.lastOccurredAt,
      e.schoolId,
      e.keyStage,
      e.category,
      e.host,
      e.device,
      e.deviceIdKind,
      e.count,
      JSON.stringify(e.detail),
      e.schemaVersion,
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

/** Signatures older than the tolerance can no longer be replayed (they would be stale): forget them. */
export async function pruneSeenSignatures(db: Database, nowMs = Date.now()): Promise<void> {
  await db.query('delete from seen_signatures where seen_at < $1', [new Date(nowMs - 2 * SIGNATURE_TOLERANCE_SECONDS * 1000)]);
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer (.+)$/.exec(header ?? '');
  if (!match || token === '') return false;
  const given = Buffer.from(match[1] ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
