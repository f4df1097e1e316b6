import { describe, expect, it } from 'vitest';
import { emptyListRecord } from '@/src/core/lists/list-record';
import { openSafeguardDb } from './db';
import { createListStore } from './list-store';

describe('list store records an older version wrote', () => {
  it('treats a record that does not fit this version as absent, so its list is downloaded again', async () => {
    const db = await openSafeguardDb('list-store-old-test');
    const store = createListStore(db);
    const good = emptyListRecord({ category: 'gambling', url: 'https://lists.example/g.txt', format: 'domains' }, 'none');
    await store.put(good);
    await db.put('lists', { id: 'old', category: 'gambling', hosts: ['a.example'] } as never);
    expect(await store.get(good.id)).toEqual(good);
    expect(await store.get('old')).toBeUndefined();
    expect((await store.all()).map((r) => r.id)).toEqual([good.id]);
  });
});
