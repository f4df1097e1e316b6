import { auditEntrySchema, type AuditEntry } from '@/src/core/audit';
import type { SafeguardDb } from './db';

/** Keeps the newest entries; a school year of daily policy changes fits many times over. */
export const MAX_AUDIT_ENTRIES = 5000;

export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
  /** Newest first; an entry that does not fit this version is skipped. */
  recent(limit: number): Promise<AuditEntry[]>;
}

export function createAuditLog(db: SafeguardDb, maxEntries = MAX_AUDIT_ENTRIES): AuditLog {
  return {
    async append(entry) {
      const tx = db.transaction('audit', 'readwrite');
      await tx.store.add(entry);
      const count = await tx.store.count();
      if (count > maxEntries) {
        let cursor = await tx.store.openCursor();
        for (let excess = count - maxEntries; cursor && excess > 0; excess--) {
          await cursor.delete();
          cursor = await cursor.continue();
        }
      }
      await tx.done;
    },
    async recent(limit) {
      const out: AuditEntry[] = [];
      let cursor = await db.transaction('audit').store.openCursor(null, 'prev');
      while (cursor && out.length < limit) {
        const entry = auditEntrySchema.safeParse(cursor.value);
        if (entry.success) out.push(entry.data);
        cursor = await cursor.continue();
      }
      return out;
    },
  };
}
