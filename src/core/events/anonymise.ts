import { isCategory, type Category } from '../categories';
import { hostOfUrl, normalizeHost } from '../domain';
import type { KeyStage } from '../key-stages';
import {
  DETAIL_KEY_PATTERN,
  DETAIL_STRING_PATTERN,
  EVENT_SCHEMA_VERSION,
  EVENT_TYPES,
  HOST_PATTERN,
  MAX_DETAIL_KEYS,
  wireEventSchema,
  type EventType,
  type WireEvent,
} from './schema';

/** What the background hands over; may hold more than may leave the device, so it is cut down here. */
export interface EventInput {
  type: EventType;
  host?: string;
  category?: Category;
  detail?: Record<string, string | number | boolean>;
}

export interface EventContext {
  id: string;
  now: Date;
  schoolId: string | undefined;
  keyStage: KeyStage;
  device: string;
  deviceIdKind: 'directory' | 'install';
}

export type WireEventResult = { ok: true; event: WireEvent; dropped: string[] } | { ok: false; error: string };

/**
 * Reduces a host or URL to its bare host name. A path, query, fragment, port or user info never
 * survives; anything that is not a plausible host gives null.
 */
export function anonymiseHost(value: string | undefined): string | null {
  if (!value) return null;
  const fromUrl = value.includes('/') || value.includes(':') ? hostOfUrl(value) : value;
  if (!fromUrl) return null;
  const normalized = normalizeHost(fromUrl);
  const host = normalized.ok ? normalized.host : null;
  return host !== null && HOST_PATTERN.test(host) ? host : null;
}

/**
 * Builds the anonymised wire event. Unknown or unsafe parts are dropped (and named in `dropped`)
 * rather than failing, so a bad field never loses the event; only an unknown type is refused.
 */
export function toWireEvent(input: EventInput, context: EventContext): WireEventResult {
  if (!(EVENT_TYPES as readonly string[]).includes(input.type)) return { ok: false, error: `Unknown event type "${String(input.type)}".` };
  const dropped: string[] = [];
  const host = anonymiseHost(input.host);
  if (input.host !== undefined && host === null) dropped.push('host');
  const category = input.category === undefined ? null : isCategory(input.category) ? input.category : null;
  if (input.category !== undefined && category === null) dropped.push('category');
  const detail: WireEvent['detail'] = {};
  for (const [key, value] of Object.entries(input.detail ?? {})) {
    const safeValue =
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value)) ||
      (typeof value === 'string' && DETAIL_STRING_PATTERN.test(value));
    if (DETAIL_KEY_PATTERN.test(key) && safeValue && Object.keys(detail).length < MAX_DETAIL_KEYS) detail[key] = value;
    else dropped.push(`detail.${key.slice(0, 32)}`);
  }
  const event: WireEvent = {
    schemaVersion: EVENT_SCHEMA_VERSION,
    id: context.id,
    type: input.type,
    occurredAt: context.now.toISOString(),
    schoolId: context.schoolId ?? null,
    keyStage: context.keyStage,
    category,
    host,
    device: context.device,
    deviceIdKind: context.deviceIdKind,
    count: 1,
    lastOccurredAt: null,
    detail,
  };
  const checked = wireEventSchema.safeParse(event);
  if (!checked.success) return { ok: false, error: checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  return { ok: true, event: checked.data, dropped };
}
