import type { DeviceErrorCode } from '../../../src/core/events/schema-v2';

/** A request refused before or while reading it: the status and JSON body to answer with. */
export interface Refusal {
  status: 400 | 401 | 403 | 409 | 413 | 415;
  body: { error: DeviceErrorCode | string; problems?: string[]; details?: string[] };
}

export const refuse = (
  status: Refusal['status'],
  error: Refusal['body']['error'],
  extra: Omit<Refusal['body'], 'error'> = {},
): Refusal => ({
  status,
  body: { error, ...extra },
});

/** The first few problems zod found, as `path: message` lines. */
export const problemsOf = (issues: readonly { path: readonly PropertyKey[]; message: string }[]): string[] =>
  issues.slice(0, 10).map((i) => `${i.path.map(String).join('.') || '(body)'}: ${i.message}`);

export function parseJson(body: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch {
    return { ok: false };
  }
}

/** The largest `count` one event may stand for (v2's limit, applied to v1 too so storage never overflows). */
export const MAX_EVENT_COUNT = 1_000_000;
/** PostgreSQL stores years 1 to 294276; a device clock outside 1970–9999 is broken, not a date to store. */
export const timestampInRange = (iso: string | null): boolean => {
  if (iso === null) return true;
  const year = new Date(iso).getUTCFullYear();
  return year >= 1970 && year <= 9999;
};
