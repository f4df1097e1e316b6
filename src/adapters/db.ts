import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { AuditEntry } from '@/src/core/audit';

/**
 * The extension's one IndexedDB database. Each store belongs to one module; add a store by
 * bumping DB_VERSION and adding a `createObjectStore` under its version in `upgrade`.
 */
export interface SafeguardDbSchema extends DBSchema {
  audit: { key: number; value: AuditEntry; indexes: { at: string } };
}

export const DB_NAME = 'safeguard';
export const DB_VERSION = 1;

export type SafeguardDb = IDBPDatabase<SafeguardDbSchema>;

export function openSafeguardDb(name = DB_NAME): Promise<SafeguardDb> {
  return openDB<SafeguardDbSchema>(name, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        const audit = db.createObjectStore('audit', { keyPath: 'seq', autoIncrement: true });
        audit.createIndex('at', 'at');
      }
    },
  });
}
