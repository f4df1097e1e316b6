import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { AuditEntry } from '@/src/core/audit';
import type { WireEvent } from '@/src/core/events/schema';
import type { ListRecord } from '@/src/core/lists/list-record';

/**
 * The extension's one IndexedDB database. Each store belongs to one module; add a store by
 * bumping DB_VERSION and adding a `createObjectStore` under its version in `upgrade`.
 */
export interface SafeguardDbSchema extends DBSchema {
  audit: { key: number; value: AuditEntry; indexes: { at: string } };
  /** One record per downloaded list feed. */
  lists: { key: string; value: ListRecord };
  /** Compiled list chunks: up to 100 000 hosts joined by newlines, keyed `listId/generation/index`. */
  listChunks: { key: string; value: StoredListChunk };
  /** Breach events waiting to be sent, oldest first. */
  outbox: { key: number; value: OutboxRecord; indexes: { id: string } };
}

export interface StoredListChunk {
  key: string;
  hash: string;
  count: number;
  text: string;
}

/** One queued breach event; `seq` orders the queue. */
export interface OutboxRecord {
  seq?: number;
  event: WireEvent;
  /** Set once a send of it was tried (the receiver may hold it already). */
  attempted: boolean;
}

export const DB_NAME = 'safeguard';
export const DB_VERSION = 3;

export type SafeguardDb = IDBPDatabase<SafeguardDbSchema>;

export function openSafeguardDb(name = DB_NAME): Promise<SafeguardDb> {
  return openDB<SafeguardDbSchema>(name, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        const audit = db.createObjectStore('audit', { keyPath: 'seq', autoIncrement: true });
        audit.createIndex('at', 'at');
      }
      if (oldVersion < 2) {
        db.createObjectStore('lists', { keyPath: 'id' });
        db.createObjectStore('listChunks', { keyPath: 'key' });
      }
      if (oldVersion < 3) {
        const outbox = db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
        outbox.createIndex('id', 'event.id', { unique: true });
      }
    },
  });
}
