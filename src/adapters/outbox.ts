import { MAX_BATCH_BYTES, MAX_BATCH_EVENTS, takeBatch } from '@/src/core/events/delivery';
import { planFold } from '@/src/core/events/fold';
import type { WireEvent } from '@/src/core/events/schema';
import type { OutboxRecord, SafeguardDb } from './db';

/** Above this many waiting events, old blocked events are folded into counts... */
export const OUTBOX_CAPACITY = 20_000;
/** ...until this many are left, so folding does not run on every add. */
export const OUTBOX_FOLD_TARGET = 16_000;

export type QueuedEvent = Required<Pick<OutboxRecord, 'seq'>> & OutboxRecord;

export interface Outbox {
  /** Stores an event before anything is sent. An event whose id is already queued is ignored. */
  add(event: WireEvent): Promise<void>;
  /** The oldest events not already being sent, marked as tried. */
  takeBatch(maxEvents?: number, maxBytes?: number): Promise<QueuedEvent[]>;
  /** The receiver has them: delete. */
  acknowledge(seqs: number[]): Promise<void>;
  /** A send failed: they wait for the next try. */
  release(seqs: number[]): Promise<void>;
  count(): Promise<number>;
}

export interface OutboxOptions {
  capacity?: number;
  foldTarget?: number;
  newId?: () => string;
}

export function createOutbox(db: SafeguardDb, options: OutboxOptions = {}): Outbox {
  const capacity = options.capacity ?? OUTBOX_CAPACITY;
  const foldTarget = options.foldTarget ?? OUTBOX_FOLD_TARGET;
  const newId = options.newId ?? (() => crypto.randomUUID());
  // Entries handed to the sender in this service-worker life; folding leaves them alone.
  const inFlight = new Set<number>();

  return {
    async add(event) {
      const tx = db.transaction('outbox', 'readwrite');
      if ((await tx.store.index('id').getKey(event.id)) === undefined) {
        await tx.store.add({ event, attempted: false });
        if ((await tx.store.count()) > capacity) {
          const all = (await tx.store.getAll()) as QueuedEvent[];
          const plan = planFold(
            all.map((r) => ({ key: r.seq, event: r.event, attempted: r.attempted || inFlight.has(r.seq) })),
            capacity,
            foldTarget,
            newId,
          );
          for (const key of plan.removeKeys) await tx.store.delete(key);
          for (const folded of plan.add) await tx.store.add({ event: folded, attempted: false });
        }
      }
      await tx.done;
    },

    async takeBatch(maxEvents = MAX_BATCH_EVENTS, maxBytes = MAX_BATCH_BYTES) {
      const tx = db.transaction('outbox', 'readwrite');
      const candidates: QueuedEvent[] = [];
      let cursor = await tx.store.openCursor();
      while (cursor && candidates.length < maxEvents) {
        if (!inFlight.has(cursor.primaryKey)) candidates.push(cursor.value as QueuedEvent);
        cursor = await cursor.continue();
      }
      const batch = takeBatch(candidates, maxEvents, maxBytes);
      for (const record of batch) {
        inFlight.add(record.seq);
        if (!record.attempted) {
          record.attempted = true;
          await tx.store.put(record);
        }
      }
      await tx.done;
      return batch;
    },

    async acknowledge(seqs) {
      const tx = db.transaction('outbox', 'readwrite');
      for (const seq of seqs) {
        await tx.store.delete(seq);
        inFlight.delete(seq);
      }
      await tx.done;
    },

    async release(seqs) {
      for (const seq of seqs) inFlight.delete(seq);
    },

    count: () => db.count('outbox'),
  };
}
