import { wireEventSchema } from './schema';
import { EVENT_SCHEMA_VERSION_2, MAX_EVENT_COUNT, wireEventV2Schema, type WireEventV2 } from './schema-v2';

/**
 * An outbox event as read back from storage, checked. Version 1 events, queued by the version before
 * device keys and still waiting, become version 2 (the three new fields null), so an update never loses
 * them. Anything else gives null: the caller keeps it stored but cannot send it.
 */
export function eventFromStorage(value: unknown): WireEventV2 | null {
  const v2 = wireEventV2Schema.safeParse(value);
  if (v2.success) return v2.data;
  const v1 = wireEventSchema.safeParse(value);
  if (!v1.success) return null;
  const { detail, ...fields } = v1.data;
  return {
    ...fields,
    schemaVersion: EVENT_SCHEMA_VERSION_2,
    severity: null,
    count: Math.min(fields.count, MAX_EVENT_COUNT),
    term: null,
    url: null,
    detail,
  };
}
