import type { WireEventV2 } from './schema-v2';

/** First retry after about this long; Chrome will not fire an alarm sooner for a packed extension. */
export const RETRY_BASE_MS = 30_000;
/** Never wait longer than this between tries, so a device offline for days sends soon after it is back. */
export const RETRY_CAP_MS = 60 * 60_000;

/**
 * Exponential backoff with jitter: the n-th consecutive failure waits between half and all of
 * base·2ⁿ (capped), so a school's devices do not all retry at the same moment after an outage.
 * `random` is in [0, 1).
 */
export function retryDelayMs(failures: number, random: number, base = RETRY_BASE_MS, cap = RETRY_CAP_MS): number {
  const exponent = Math.max(0, Math.min(failures - 1, 30));
  const ceiling = Math.min(cap, base * 2 ** exponent);
  return Math.round(ceiling / 2 + (ceiling / 2) * Math.min(Math.max(random, 0), 1));
}

export const MAX_BATCH_EVENTS = 500;
export const MAX_BATCH_BYTES = 256 * 1024;

/**
 * Takes events from the front of the queue for one request, keeping the body under `maxBytes`.
 * Always takes at least one event (a single event is far smaller than the limit).
 */
export function takeBatch<T extends { event: WireEventV2 }>(
  queue: readonly T[],
  maxEvents = MAX_BATCH_EVENTS,
  maxBytes = MAX_BATCH_BYTES,
): T[] {
  const out: T[] = [];
  let bytes = '{"events":[]}'.length;
  for (const entry of queue) {
    if (out.length >= maxEvents) break;
    const size = JSON.stringify(entry.event).length + 1;
    if (out.length > 0 && bytes + size > maxBytes) break;
    out.push(entry);
    bytes += size;
  }
  return out;
}

export type EndpointUrlCheck = { ok: true; url: string } | { ok: false; error: string };

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Events go only over HTTPS; plain HTTP only to this machine (tests and demos). */
export function checkEndpointUrl(raw: string): EndpointUrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, error: 'endpoint.url is not a valid address.' };
  }
  if (url.username || url.password) return { ok: false, error: 'endpoint.url must not contain a user name or password.' };
  if (url.protocol === 'https:') return { ok: true, url: url.href };
  const loopback = LOOPBACK_HOSTS.has(url.hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(url.hostname);
  if (url.protocol === 'http:' && loopback) return { ok: true, url: url.href };
  return {
    ok: false,
    error: 'endpoint.url must start with https:// (plain http is allowed only for this machine, e.g. http://127.0.0.1).',
  };
}

/** Where a device registers its key: the events URL with "/register" appended to its path (docs/wire-format-v2.md). */
export function registrationUrl(eventsUrl: string): string {
  const url = new URL(eventsUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/register`;
  return url.href;
}
