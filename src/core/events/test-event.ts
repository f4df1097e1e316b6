import type { WireEvent } from './schema';

let counter = 0;

/**
 * A valid wire event for tests: each call gets the next id (a v4-shaped UUID), `occurredAt` on
 * 2026-11-24 09:00 UTC plus `secondsAfter9am`, a blocked event's category `gambling`.
 */
export function testWireEvent(type: WireEvent['type'] = 'blocked', host: string | null = 'a.example', secondsAfter9am = 0): WireEvent {
  const n = ++counter;
  return {
    schemaVersion: 1,
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    type,
    occurredAt: new Date(Date.UTC(2026, 10, 24, 9, 0, secondsAfter9am)).toISOString(),
    schoolId: 'S',
    keyStage: 'KS2',
    category: type === 'blocked' ? 'gambling' : null,
    host,
    device: 'd'.repeat(32),
    deviceIdKind: 'install',
    count: 1,
    lastOccurredAt: null,
    detail: {},
  };
}
