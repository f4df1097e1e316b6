import { describe, expect, it } from 'vitest';
import { testWireEventV2 } from '@/test/fixtures/wire-event';
import {
  BLOCKED_HOLD_MS,
  canFoldRepeat,
  foldKeyFor,
  foldRepeat,
  foldWindowEnd,
  HEARTBEAT_FOLD_KEY,
  notBeforeFor,
  REPEAT_FOLD_WINDOW_MS,
} from './repeat-fold';

const START = Date.parse('2026-11-24T09:00:00Z');
const blocked = (ms: number, fields = {}) =>
  testWireEventV2({ type: 'blocked', host: 'loop.example', occurredAt: new Date(START + ms).toISOString(), ...fields });

describe('folding repeats on the device', () => {
  it('keys blocked events by tab and host, heartbeats together, and nothing else', () => {
    expect(foldKeyFor(blocked(0), 7)).toBe('blocked:7:loop.example');
    expect(foldKeyFor(blocked(0), undefined)).toBeNull();
    expect(foldKeyFor(blocked(0, { host: null }), 7)).toBeNull();
    expect(foldKeyFor(testWireEventV2({ type: 'heartbeat', host: null }), undefined)).toBe(HEARTBEAT_FOLD_KEY);
    for (const type of ['reported', 'unlocked', 'search-alert', 'policy-error'] as const)
      expect(foldKeyFor(testWireEventV2({ type }), 7)).toBeNull();
  });

  it('holds a new blocked event briefly, and after one was sent, until its window ends; everything else goes at once', () => {
    expect(notBeforeFor(blocked(0), 'k', null)).toBe(START + BLOCKED_HOLD_MS);
    expect(notBeforeFor(blocked(0), 'k', START + REPEAT_FOLD_WINDOW_MS)).toBe(START + REPEAT_FOLD_WINDOW_MS);
    expect(notBeforeFor(blocked(0), null, null)).toBe(0);
    expect(notBeforeFor(testWireEventV2({ type: 'reported' }), 'k', START + REPEAT_FOLD_WINDOW_MS)).toBe(0);
    expect(foldWindowEnd(blocked(1000))).toBe(START + 1000 + REPEAT_FOLD_WINDOW_MS);
  });

  it('folds only a later repeat of the same host, category and key stage within the window', () => {
    const first = blocked(0);
    expect(canFoldRepeat(first, blocked(REPEAT_FOLD_WINDOW_MS))).toBe(true);
    expect(canFoldRepeat(first, blocked(REPEAT_FOLD_WINDOW_MS + 1))).toBe(false);
    expect(canFoldRepeat(first, blocked(-1))).toBe(false);
    expect(canFoldRepeat(first, blocked(10, { host: 'other.example' }))).toBe(false);
    expect(canFoldRepeat(first, blocked(10, { category: 'illegal' }))).toBe(false);
    expect(canFoldRepeat(first, blocked(10, { keyStage: 'KS3' }))).toBe(false);
    expect(canFoldRepeat(first, testWireEventV2({ type: 'reported', host: 'loop.example', occurredAt: first.occurredAt }))).toBe(false);
    expect(canFoldRepeat({ ...first, count: 1_000_000 }, blocked(10))).toBe(false);
  });

  it('grows the count and moves the latest occurrence on, keeping the first id and time', () => {
    const first = blocked(0);
    const folded = foldRepeat(foldRepeat(first, blocked(2000)), blocked(1000));
    expect(folded).toMatchObject({
      id: first.id,
      count: 3,
      occurredAt: first.occurredAt,
      lastOccurredAt: new Date(START + 2000).toISOString(),
    });
  });
});
