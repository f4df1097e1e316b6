import { MAX_BATCH_BYTES, MAX_BATCH_EVENTS, takeBatch } from '@/src/core/events/delivery';
import { planFold } from '@/src/core/events/fold';
import {
  canFoldRepeat,
  foldKeyFor,
  foldRepeat,
  foldWindowEnd,
  HEARTBEAT_FOLD_KEY,
  HEARTBEATS_KEPT,
  notBeforeFor,
} from '@/src/core/events/repeat-fold';
import type { WireEventV2 } from '@/src/core/events/schema-v2';
import { eventFromStorage } from '@/src/core/events/stored-event';
import type { OutboxRecord, SafeguardDb } from './db';

/** Above this many waiting events, old blocked events are folded into counts... */
export const OUTBOX_CAPACITY = 20_000;
/** ...until this many are left, so folding does not run on every add. */
export const OUTBOX_FOLD_TARGET = 16_000;

/** An outbox entry handed to the sender: its event checked (and a version 1 event converted). */
export interface QueuedEvent {
  seq: number;
  event: WireEventV2;
  attempted: boolean;
}

export interface TakeOptions {
  /** Also hand out entries still held for repeats (a test flush); never anything else. */
  includeHeld?: boolean;
  maxEvents?: number;
  maxBytes?: number;
}

export interface Outbox {
  /**
   * Stores an event before anything is sent. An event whose id is already queued is ignored. A blocked
   * event with its tab folds into a waiting one of the same tab and host; heartbeats keep the newest few.
   */
  add(event: WireEventV2, options?: { tabId?: number }): Promise<void>;
  /** The oldest due events not already being sent, marked as tried. */
  takeBatch(options?: TakeOptions): Promise<QueuedEvent[]>;
  /** The receiver has them: delete. */
  acknowledge(seqs: number[]): Promise<void>;
  /** A send failed: they wait for the next try. */
  release(seqs: number[]): Promise<void>;
  count(): Promise<number>;
  /** When the first entry still held becomes due (epoch ms), or null when none is held. */
  nextHeldDueAt(): Promise<number | null>;
}

export interface OutboxOptions {
  capacity?: number;
  foldTarget?: number;
  newId?: () => string;
  /** Epoch ms; injectable so tests need not wait out holds. */
  now?: () => number;
  warn?: (message: string) => void;
}

type StoredEntry = OutboxRecord & { seq: number };
/** Stored for entries that fold nothing: IndexedDB leaves an entry without the field out of the index, but the fake behind the tests pays an exception per such write. */
const NO_FOLD_KEY = '';

export function createOutbox(db: SafeguardDb, options: OutboxOptions = {}): Outbox {
  const capacity = options.capacity ?? OUTBOX_CAPACITY;
  const foldTarget = options.foldTarget ?? OUTBOX_FOLD_TARGET;
  const newId = options.newId ?? (() => crypto.randomUUID());
  const now = options.now ?? (() => Date.now());
  const warn = options.warn ?? ((message: string) => console.warn(message));
  // Entries handed to the sender in this service-worker life (with their fold keys); folding leaves them alone.
  const inFlight = new Map<number, string | null>();
  const untouched = (r: StoredEntry) => !r.attempted && !inFlight.has(r.seq);

  return {
    async add(event, { tabId } = {}) {
      const foldKey = foldKeyFor(event, tabId);
      const tx = db.transaction(['outbox', 'foldWindows'], 'readwrite');
      const store = tx.objectStore('outbox');
      if ((await store.index('id').getKey(event.id)) !== undefined) return tx.done;
      const sameKey = foldKey === null ? [] : ((await store.index('foldKey').getAll(foldKey)) as StoredEntry[]).filter(untouched);
      if (foldKey === HEARTBEAT_FOLD_KEY) {
        // Oldest first (by seq): drop all but the newest HEARTBEATS_KEPT - 1, then add this one.
        for (const old of sameKey.slice(0, Math.max(0, sameKey.length - HEARTBEATS_KEPT + 1))) await store.delete(old.seq);
      } else if (foldKey !== null) {
        const waiting = sameKey.map((r) => ({ r, event: eventFromStorage(r.event) })).find((w) => w.event && canFoldRepeat(w.event, event));
        if (waiting?.event) {
          await store.put({ ...waiting.r, event: foldRepeat(waiting.event, event) });
          return tx.done;
        }
      }
      const window = foldKey === null ? undefined : await tx.objectStore('foldWindows').get(foldKey);
      const notBefore = notBeforeFor(event, foldKey, window && window.until > now() ? window.until : null);
      await store.add({ event, attempted: false, foldKey: foldKey ?? NO_FOLD_KEY, notBefore });
      if ((await store.count()) > capacity) {
        const entries = ((await store.getAll()) as StoredEntry[]).flatMap((r) => {
          const checked = eventFromStorage(r.event);
          return checked ? [{ key: r.seq, event: checked, attempted: r.attempted || inFlight.has(r.seq) }] : [];
        });
        const plan = planFold(entries, capacity, foldTarget, newId);
        for (const key of plan.removeKeys) await store.delete(key);
        for (const folded of plan.add) await store.add({ event: folded, attempted: false, foldKey: NO_FOLD_KEY, notBefore: 0 });
      }
      await tx.done;
    },

    async takeBatch({ includeHeld = false, maxEvents = MAX_BATCH_EVENTS, maxBytes = MAX_BATCH_BYTES } = {}) {
      const tx = db.transaction('outbox', 'readwrite');
      const candidates: (QueuedEvent & { record: StoredEntry })[] = [];
      const at = now();
      // Read in slices (far quicker than a cursor step per entry), skipping held and in-flight entries.
      for (let after: number | null = null; candidates.length < maxEvents;) {
        const slice = (await tx.store.getAll(after === null ? undefined : IDBKeyRange.lowerBound(after, true), maxEvents)) as StoredEntry[];
        for (const record of slice) {
          if (candidates.length >= maxEvents) break;
          if (inFlight.has(record.seq) || (!includeHeld && (record.notBefore ?? 0) > at)) continue;
          const event = eventFromStorage(record.event);
          // A damaged entry stays stored (nothing is ever deleted unsent) but cannot block the queue.
          if (event) candidates.push({ seq: record.seq, event, attempted: record.attempted, record });
          else warn(`Outbox entry ${record.seq} is damaged and cannot be sent; it is kept on this device.`);
        }
        const last = slice.at(-1);
        if (slice.length < maxEvents || !last) break;
        after = last.seq;
      }
      const batch = takeBatch(candidates, maxEvents, maxBytes);
      for (const entry of batch) inFlight.set(entry.seq, entry.record.foldKey || null);
      // Queued together in the one transaction: awaiting each write in turn is several times slower.
      await Promise.all([...batch.filter((e) => !e.record.attempted).map((e) => tx.store.put({ ...e.record, attempted: true })), tx.done]);
      return batch.map(({ seq, event }) => ({ seq, event, attempted: true }));
    },

    async acknowledge(seqs) {
      const tx = db.transaction(['outbox', 'foldWindows'], 'readwrite');
      const store = tx.objectStore('outbox');
      const windows = tx.objectStore('foldWindows');
      /** A blocked entry sent: repeats in the rest of its window gather into one more event (notBeforeFor). */
      const openFoldWindow = async (seq: number, foldKey: string) => {
        const record = (await store.get(seq)) as StoredEntry | undefined;
        const event = record ? eventFromStorage(record.event) : null;
        if (!event) return;
        const until = foldWindowEnd(event);
        await windows.put({ foldKey, until });
        // A repeat queued while this one was on its way waits out the window too.
        for (const next of (await store.index('foldKey').getAll(foldKey)) as StoredEntry[]) {
          if (next.seq !== seq && untouched(next) && (next.notBefore ?? 0) < until) await store.put({ ...next, notBefore: until });
        }
      };
      for (const old of await windows.getAll()) if (old.until <= now()) await windows.delete(old.foldKey);
      for (const seq of seqs) {
        const foldKey = inFlight.get(seq);
        if (foldKey && foldKey !== HEARTBEAT_FOLD_KEY) await openFoldWindow(seq, foldKey);
      }
      for (const seq of seqs) inFlight.delete(seq);
      await Promise.all([...seqs.map((seq) => store.delete(seq)), tx.done]);
    },

    async release(seqs) {
      for (const seq of seqs) inFlight.delete(seq);
    },

    count: () => db.count('outbox'),

    async nextHeldDueAt() {
      let cursor = await db.transaction('outbox').store.index('notBefore').openCursor(IDBKeyRange.lowerBound(now(), true));
      while (cursor && inFlight.has(cursor.primaryKey)) cursor = await cursor.continue();
      return cursor ? cursor.key : null;
    },
  };
}
