import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { AuditEntry } from '@/src/core/audit';
import type { PublicJwk } from '@/src/core/events/schema-v2';
import type { RegistrationState } from '@/src/core/events/outbox-status';
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
  outbox: { key: number; value: OutboxRecord; indexes: { id: string; foldKey: string; notBefore: number } };
  /** This device's event signing key (one record, `device`): see device-keys.ts. */
  deviceKeys: { key: string; value: StoredDeviceKey };
  /** Fold keys whose last event was sent while its window for repeats is still open: see outbox.ts. */
  foldWindows: { key: string; value: { foldKey: string; until: number } };
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
  /** A wire event as queued: version 2, or version 1 from before the update. Checked whenever it is read. */
  event: unknown;
  /** Set once a send of it was tried (the receiver may hold it already). */
  attempted: boolean;
  /**
   * Which repeats this entry absorbs (see src/core/events/repeat-fold.ts), '' for none. Never sent. Always
   * set (absent only in entries from before version 4), like notBefore, so every entry is in both indexes.
   */
  foldKey?: string;
  /** Epoch ms before which it is not sent (a blocked event gathering repeats); 0: at once. */
  notBefore?: number;
}

/** The device's signing key pair: WebCrypto keeps the private half unexportable, even to the extension. */
export interface StoredDeviceKey {
  name: 'device';
  keyPair: CryptoKeyPair;
  keyId: string;
  publicJwk: PublicJwk;
  createdAt: string;
  registration: RegistrationState;
  /** The endpoint URL and pseudonym it was last registered for; registering again is due when either changes. */
  registeredWith: { url: string; device: string } | null;
}

export const DB_NAME = 'safeguard';
export const DB_VERSION = 4;

export type SafeguardDb = IDBPDatabase<SafeguardDbSchema>;

export function openSafeguardDb(name = DB_NAME): Promise<SafeguardDb> {
  return openDB<SafeguardDbSchema>(name, DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, transaction) {
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
      if (oldVersion < 4) {
        // Events queued as version 1 stay as they are: the outbox converts them when it reads them.
        const outbox = transaction.objectStore('outbox');
        outbox.createIndex('foldKey', 'foldKey');
        outbox.createIndex('notBefore', 'notBefore');
        db.createObjectStore('deviceKeys', { keyPath: 'name' });
        db.createObjectStore('foldWindows', { keyPath: 'foldKey' });
      }
    },
  });
}
