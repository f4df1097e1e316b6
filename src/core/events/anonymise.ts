import { EVENT_CATEGORIES, SEVERITIES, type EventCategory, type Severity } from '../alert-categories';
import { hostOfUrl, normalizeHost } from '../domain';
import type { KeyStage } from '../key-stages';
import { DETAIL_KEY_PATTERN, DETAIL_STRING_PATTERN, HOST_PATTERN, MAX_DETAIL_KEYS } from './schema';
import {
  EVENT_SCHEMA_VERSION_2,
  EVENT_TYPES_V2,
  MAX_URL_LENGTH,
  TERM_PATTERN,
  wireEventV2Schema,
  type EventTypeV2,
  type WireEventV2,
} from './schema-v2';

/** What the background hands over; may hold more than may leave the device, so it is cut down here. */
export interface EventInput {
  type: EventTypeV2;
  host?: string;
  category?: EventCategory;
  /** Alerts only: how urgent the device judged the match. */
  severity?: Severity;
  /** Alerts only, and only with the school's `monitoring.sendTerms`: the lexicon term that matched. */
  term?: string;
  /** `reported` only, and only with the school's `reports.sendPageAddress`: the reported page. */
  url?: string;
  detail?: Record<string, string | number | boolean>;
}

/** What the school has switched on beyond the host name (both off unless the policy says otherwise). */
export interface EventOptIns {
  sendPageAddress: boolean;
  sendTerms: boolean;
}

export interface EventContext {
  id: string;
  now: Date;
  schoolId: string | undefined;
  keyStage: KeyStage;
  device: string;
  deviceIdKind: 'directory' | 'install';
  optIns: EventOptIns;
}

export type WireEventResult = { ok: true; event: WireEventV2; dropped: string[] } | { ok: false; error: string };

const ALERT_TYPES: readonly EventTypeV2[] = ['search-alert', 'content-alert'];

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
 * A reported page's address as the school may receive it: http(s) only, without user name, password or
 * fragment (fragments carry sign-in tokens), within the length limit; otherwise null.
 */
export function reportedPageAddress(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.username = '';
  url.password = '';
  url.hash = '';
  return url.href.length <= MAX_URL_LENGTH ? url.href : null;
}

/**
 * Builds the anonymised wire event. Unknown or unsafe parts are dropped (and named in `dropped`)
 * rather than failing, so a bad field never loses the event; only an unknown type is refused.
 * A term or page address the school has not switched on is left out without a warning: that is the rule, not a fault.
 */
export function toWireEvent(input: EventInput, context: EventContext): WireEventResult {
  if (!(EVENT_TYPES_V2 as readonly string[]).includes(input.type))
    return { ok: false, error: `Unknown event type "${String(input.type)}".` };
  const dropped: string[] = [];
  const keep = <T>(name: string, given: unknown, value: T | null): T | null => {
    if (given !== undefined && value === null) dropped.push(name);
    return value;
  };
  const isAlert = ALERT_TYPES.includes(input.type);
  const isReport = input.type === 'reported';
  const host = keep('host', input.host, anonymiseHost(input.host));
  const category = keep('category', input.category, EVENT_CATEGORIES.find((c) => c === input.category) ?? null);
  const severity = keep('severity', input.severity, isAlert ? (SEVERITIES.find((s) => s === input.severity) ?? null) : null);
  // Withheld by the school's choice: not a fault, so not named in `dropped`.
  const term =
    isAlert && !context.optIns.sendTerms
      ? null
      : keep('term', input.term, isAlert && input.term && TERM_PATTERN.test(input.term) ? input.term : null);
  const url =
    isReport && !context.optIns.sendPageAddress
      ? null
      : keep('url', input.url, isReport && input.url ? reportedPageAddress(input.url) : null);
  const detail: WireEventV2['detail'] = {};
  for (const [key, value] of Object.entries(input.detail ?? {})) {
    const safeValue =
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value)) ||
      (typeof value === 'string' && DETAIL_STRING_PATTERN.test(value));
    if (DETAIL_KEY_PATTERN.test(key) && safeValue && Object.keys(detail).length < MAX_DETAIL_KEYS) detail[key] = value;
    else dropped.push(`detail.${key.slice(0, 32)}`);
  }
  const event: WireEventV2 = {
    schemaVersion: EVENT_SCHEMA_VERSION_2,
    id: context.id,
    type: input.type,
    occurredAt: context.now.toISOString(),
    schoolId: context.schoolId ?? null,
    keyStage: context.keyStage,
    category,
    severity,
    host,
    device: context.device,
    deviceIdKind: context.deviceIdKind,
    count: 1,
    lastOccurredAt: null,
    term,
    url,
    detail,
  };
  const checked = wireEventV2Schema.safeParse(event);
  if (!checked.success) return { ok: false, error: checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  return { ok: true, event: checked.data, dropped };
}
