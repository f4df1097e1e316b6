import { describe, expect, it } from 'vitest';
import { testWireEvent, testWireEventV2 } from '@/test/fixtures/wire-event';
import { wireEventV2Schema } from './schema-v2';
import { eventFromStorage } from './stored-event';

describe('eventFromStorage', () => {
  it('keeps a version 2 event as it is', () => {
    const event = testWireEventV2({ type: 'reported', url: 'https://a.example/p' });
    expect(eventFromStorage(structuredClone(event))).toEqual(event);
  });

  it('turns a version 1 event queued before the update into version 2, same id and fields', () => {
    const old = testWireEvent({ count: 3, lastOccurredAt: '2026-11-24T09:05:00.000Z', detail: { folded: true } });
    const upgraded = eventFromStorage(old);
    expect(wireEventV2Schema.parse(upgraded)).toEqual({
      ...old,
      schemaVersion: 2,
      severity: null,
      term: null,
      url: null,
    });
    // A v1 count beyond what v2 allows is capped rather than making the event unsendable.
    expect(eventFromStorage({ ...old, count: 5_000_000 })?.count).toBe(1_000_000);
  });

  it('gives null for anything damaged', () => {
    for (const bad of [null, 'x', {}, { ...testWireEvent(), host: 'a.example/secret' }, { ...testWireEventV2(), schemaVersion: 3 }]) {
      expect(eventFromStorage(bad)).toBeNull();
    }
  });
});
