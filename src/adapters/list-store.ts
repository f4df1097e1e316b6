import { listRecordSchema, type ListRecord } from '@/src/core/lists/list-record';
import type { SafeguardDb, StoredListChunk } from './db';

/** Downloaded lists and their compiled chunks in IndexedDB. */
export interface ListStore {
  get(id: string): Promise<ListRecord | undefined>;
  all(): Promise<ListRecord[]>;
  put(record: ListRecord): Promise<void>;
  putChunk(chunk: StoredListChunk): Promise<void>;
  /** The hosts of one chunk, or null when it is missing. */
  chunkHosts(key: string): Promise<string[] | null>;
  /** Removes every chunk of one generation of a list. */
  deleteGeneration(id: string, generation: number): Promise<void>;
  /** Removes a list and all its chunks. */
  delete(id: string): Promise<void>;
}

/** A stored record as this version reads it: one that does not fit is absent, and its list downloaded again. */
const checked = (stored: unknown): ListRecord | undefined => {
  const parsed = listRecordSchema.safeParse(stored);
  return parsed.success ? parsed.data : undefined;
};

export function createListStore(db: SafeguardDb): ListStore {
  const prefixRange = (prefix: string) => IDBKeyRange.bound(prefix, `${prefix}\uffff`);
  return {
    get: async (id) => checked(await db.get('lists', id)),
    all: async () => (await db.getAll('lists')).map(checked).filter((record) => record !== undefined),
    async put(record) {
      await db.put('lists', record);
    },
    async putChunk(chunk) {
      await db.put('listChunks', chunk);
    },
    async chunkHosts(key) {
      const chunk = await db.get('listChunks', key);
      if (!chunk) return null;
      return chunk.text === '' ? [] : chunk.text.split('\n');
    },
    async deleteGeneration(id, generation) {
      await db.delete('listChunks', prefixRange(`${id}/${generation}/`));
    },
    async delete(id) {
      const tx = db.transaction(['lists', 'listChunks'], 'readwrite');
      await Promise.all([tx.objectStore('lists').delete(id), tx.objectStore('listChunks').delete(prefixRange(`${id}/`)), tx.done]);
    },
  };
}
