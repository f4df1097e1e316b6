import { describe, expect, it } from 'vitest';
import { createStateStore } from './state-store';

/** A storage area that counts reads, like storage.local held up by a re-index would make them costly. */
function countingArea() {
  const data: Record<string, unknown> = {};
  const area = {
    reads: 0,
    async get(key: string) {
      area.reads++;
      return key in data ? { [key]: data[key] } : {};
    },
    async set(items: Record<string, unknown>) {
      Object.assign(data, items);
    },
  };
  return area;
}

describe('state store', () => {
  it('cached: reads each key from storage once, then from memory, and sees its own writes', async () => {
    const area = countingArea();
    const state = createStateStore(area, { cached: true });
    expect(await state.get('status')).toBeNull();
    expect(await state.get('status')).toBeNull();
    expect(area.reads).toBe(1);
    await state.set({ installId: 'abc' });
    expect(await state.get('installId')).toBe('abc');
    expect(area.reads).toBe(1);
  });

  it('uncached (pages that watch storage.onChanged): every read goes to storage', async () => {
    const area = countingArea();
    const writer = createStateStore(area, { cached: true });
    const reader = createStateStore(area);
    expect(await reader.get('installId')).toBeNull();
    await writer.set({ installId: 'xyz' });
    expect(await reader.get('installId')).toBe('xyz');
    expect(area.reads).toBe(2);
  });

  it('keeps what the status page reads in the fast area too, and readers look there first', async () => {
    const local = countingArea();
    const session = countingArea();
    const writer = createStateStore(local, { cached: true, fastArea: session });
    const reader = createStateStore(local, { fastArea: session });
    await writer.set({ installId: 'not-shown', outboxStatus: null, restartCopy: { state: 'writing', at: '2026-11-24T12:00:00Z' } });
    expect(await reader.get('restartCopy')).toEqual({ state: 'writing', at: '2026-11-24T12:00:00Z' });
    expect(local.reads).toBe(0);
    expect(await session.get('installId')).toEqual({});
    expect(await reader.get('installId')).toBe('not-shown');
    expect(local.reads).toBe(1);
  });
});
