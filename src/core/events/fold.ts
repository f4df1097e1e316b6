import { MAX_EVENT_COUNT, type WireEventV2 } from './schema-v2';

/** Outbox entries as folding sees them: oldest first. */
export interface FoldableEntry {
  key: number;
  event: WireEventV2;
  /** True once a send of this entry was tried: the receiver may already hold it, so it is never folded. */
  attempted: boolean;
}

export interface FoldPlan {
  /** Entries to delete... */
  removeKeys: number[];
  /** ...replaced by these summary events (new ids). */
  add: WireEventV2[];
}

/**
 * When the outbox holds more than `capacity` entries, folds old never-sent `blocked` events into
 * one event per (category, host) with a `count`, and if that is not enough, per category without
 * the host. Other types are never folded or dropped: `reported` events in particular must all
 * arrive. The result aims at `target` entries so folding does not run on every add.
 */
export function planFold(entries: readonly FoldableEntry[], capacity: number, target: number, newId: () => string): FoldPlan {
  if (entries.length <= capacity) return { removeKeys: [], add: [] };
  const excess = entries.length - target;
  const candidates = entries.filter((e) => e.event.type === 'blocked' && !e.attempted);
  for (const withHost of [true, false]) {
    const groups = groupBlocked(candidates, withHost);
    const saved = candidates.length - groups.size;
    if (saved >= excess || !withHost) {
      if (saved <= 0) return { removeKeys: [], add: [] };
      // Single events stay as they are (and keep their place in the queue).
      const folded = [...groups.values()].filter((group) => group.length > 1);
      const foldedIds = new Set(folded.flat().map((e) => e.id));
      return {
        removeKeys: candidates.filter((e) => foldedIds.has(e.event.id)).map((e) => e.key),
        add: folded.map((group) => summarise(group, withHost, newId())),
      };
    }
  }
  return { removeKeys: [], add: [] };
}

function groupBlocked(candidates: readonly FoldableEntry[], withHost: boolean): Map<string, WireEventV2[]> {
  const groups = new Map<string, WireEventV2[]>();
  for (const { event } of candidates) {
    const key = JSON.stringify([
      event.schoolId,
      event.keyStage,
      event.device,
      event.deviceIdKind,
      event.category,
      withHost ? event.host : null,
    ]);
    const group = groups.get(key);
    if (group) group.push(event);
    else groups.set(key, [event]);
  }
  return groups;
}

function summarise(group: readonly WireEventV2[], withHost: boolean, id: string): WireEventV2 {
  const first = group[0];
  if (first === undefined) throw new Error('summarise: empty group');
  let earliest = first.occurredAt;
  let latest = first.lastOccurredAt ?? first.occurredAt;
  let count = 0;
  for (const event of group) {
    count += event.count;

    if (event.occurredAt < earliest) earliest = event.occurredAt;
    const last = event.lastOccurredAt ?? event.occurredAt;
    if (last > latest) latest = last;
  }
  return {
    ...first,
    id,
    host: withHost ? first.host : null,
    occurredAt: earliest,
    lastOccurredAt: latest,
    count: Math.min(count, MAX_EVENT_COUNT),
    detail: { folded: true },
  };
}
