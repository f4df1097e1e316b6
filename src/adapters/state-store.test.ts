import { describe, expect, it } from 'vitest';
import { OLD_FILTER_STATUS } from '@/test/fixtures/old-records';
import { createSessionMemory, createStateStore } from './state-store';

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

describe('state store reading records an older version wrote', () => {
  it('upgrades an old status record on read: compileErrors become rulesLeftOut, the new fields get their defaults', async () => {
    const area = countingArea();
    await area.set({ status: OLD_FILTER_STATUS });
    const status = await createStateStore(area).get('status');
    expect(status).toMatchObject({
      keyStage: 'KS3',
      rulesLeftOut: OLD_FILTER_STATUS.compileErrors,
      policyPendingSince: null,
      policyReceivedAt: null,
      inForceSince: '2026-09-01T08:00:00.000Z',
      timings: { compileMs: 0, installMs: 0 },
    });
    expect(status).not.toHaveProperty('limitations');
    expect(status).not.toHaveProperty('compileErrors');
  });

  it('treats a record that fits no version as absent and says so, rather than crash or misread it', async () => {
    const area = countingArea();
    await area.set({ status: { keyStage: 'KS9' }, blockPageKey: 'not-hex', restartCopyFingerprints: ['a'], lastGoodPolicy: 'x' });
    const warnings: string[] = [];
    const state = createStateStore(area, { warn: (message) => void warnings.push(message) });
    expect(await state.get('status')).toBeNull();
    expect(await state.get('blockPageKey')).toBeNull();
    expect(await state.get('restartCopyFingerprints')).toBeNull();
    expect(await state.get('lastGoodPolicy')).toBeNull();
    expect(warnings).toHaveLength(4);
    expect(warnings[0]).toMatch(/Stored status does not fit this version/);
  });

  it('keeps a field a newer version added, and an unknown session fingerprint record reads as none', async () => {
    const area = countingArea();
    await area.set({ restartCopy: { state: 'current', at: '2026-09-01T08:00:00.000Z', futureField: 1 } });
    expect(await createStateStore(area).get('restartCopy')).toEqual({ state: 'current', at: '2026-09-01T08:00:00.000Z', futureField: 1 });
    const session = countingArea();
    await session.set({ sessionTierFingerprints: { x: 1 } });
    expect(await createSessionMemory(session).get()).toBeNull();
  });
});
