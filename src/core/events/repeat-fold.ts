import { MAX_EVENT_COUNT, type WireEventV2 } from './schema-v2';

/**
 * Folding repeats on the device (issue 11 §5): one click on a malicious page can send a tab through the
 * same blocked host forty times in seconds. Those are one `blocked` event with a count, not forty alerts.
 * A `reported` event is never folded or held.
 */

/** Repeats of one blocked host in one tab within this long of an event's first occurrence fold into it while it waits. */
export const REPEAT_FOLD_WINDOW_MS = 5 * 60_000;
/** A new blocked event waits this long before it may be sent, so a burst of redirects folds into it. */
export const BLOCKED_HOLD_MS = 30_000;
/** Heartbeats that pile up unsent (offline for days) are cut to the newest few: an older one says nothing a newer does not. */
export const HEARTBEATS_KEPT = 3;
export const HEARTBEAT_FOLD_KEY = 'heartbeat';

/**
 * What an outbox entry absorbs: blocked events by tab and host, heartbeats all together; null for every
 * other event. Kept on the device beside the event, never sent (the tab id means nothing elsewhere).
 */
export function foldKeyFor(event: WireEventV2, tabId: number | undefined): string | null {
  if (event.type === 'heartbeat') return HEARTBEAT_FOLD_KEY;
  if (event.type === 'blocked' && tabId !== undefined && event.host !== null) return `blocked:${tabId}:${event.host}`;
  return null;
}

/** When a blocked event's window for folding repeats ends (after it, a repeat is news again). */
export function foldWindowEnd(event: WireEventV2): number {
  return Date.parse(event.occurredAt) + REPEAT_FOLD_WINDOW_MS;
}

/**
 * When a new entry may first be sent (epoch ms). Blocked events with a fold key wait BLOCKED_HOLD_MS; when
 * an earlier event of the same key was already sent and its window is still open (`sentWindowEnd`), until
 * that window ends, so a page that keeps looping yields one event per window after the first. Everything
 * else (reports above all) may go at once.
 */
export function notBeforeFor(event: WireEventV2, foldKey: string | null, sentWindowEnd: number | null): number {
  if (event.type !== 'blocked' || foldKey === null) return 0;
  return Math.max(Date.parse(event.occurredAt) + BLOCKED_HOLD_MS, sentWindowEnd ?? 0);
}

/** Whether `incoming` is a repeat that may fold into `waiting`, an unsent event of the same fold key. */
export function canFoldRepeat(waiting: WireEventV2, incoming: WireEventV2): boolean {
  const elapsed = Date.parse(incoming.occurredAt) - Date.parse(waiting.occurredAt);
  return (
    waiting.type === 'blocked' &&
    incoming.type === 'blocked' &&
    waiting.host === incoming.host &&
    waiting.category === incoming.category &&
    waiting.keyStage === incoming.keyStage &&
    waiting.schoolId === incoming.schoolId &&
    elapsed >= 0 &&
    elapsed <= REPEAT_FOLD_WINDOW_MS &&
    waiting.count + incoming.count <= MAX_EVENT_COUNT
  );
}

/** `waiting` standing for `incoming` too: the count grows and the latest occurrence moves on. */
export function foldRepeat(waiting: WireEventV2, incoming: WireEventV2): WireEventV2 {
  const latest = incoming.lastOccurredAt ?? incoming.occurredAt;
  return {
    ...waiting,
    count: waiting.count + incoming.count,
    lastOccurredAt: waiting.lastOccurredAt !== null && waiting.lastOccurredAt > latest ? waiting.lastOccurredAt : latest,
  };
}
