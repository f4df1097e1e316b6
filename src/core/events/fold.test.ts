import { describe, expect, it } from 'vitest';
import { planFold, type FoldableEntry } from './fold';
import type { WireEventV2 } from './schema-v2';
import { testWireEventV2 } from '@/test/fixtures/wire-event';

let counter = 0;
function entry(type: WireEventV2['type'], host: string | null, minute: number, attempted = false): FoldableEntry {
  return { key: ++counter, attempted, event: testWireEventV2({ type, host, secondsAfter9am: minute * 60 }) };
}
const ids = () => {
  let n = 0;
  return () => `folded-${++n}`;
};

describe('planFold', () => {
  it('does nothing under capacity', () => {
    expect(planFold([entry('blocked', 'a.example', 1)], 5, 4, ids())).toEqual({ removeKeys: [], add: [] });
  });

  it('folds repeated blocked visits per host into counts, keeping the time span', () => {
    const entries = [
      entry('blocked', 'a.example', 1),
      entry('blocked', 'a.example', 5),
      entry('blocked', 'a.example', 3),
      entry('blocked', 'b.example', 2),
    ];
    const plan = planFold(entries, 3, 2, ids());
    expect(plan.removeKeys).toEqual(entries.slice(0, 3).map((e) => e.key));
    expect(plan.add).toHaveLength(1);
    expect(plan.add[0]).toMatchObject({
      id: 'folded-1',
      host: 'a.example',
      count: 3,
      occurredAt: entries[0]!.event.occurredAt,
      lastOccurredAt: entries[1]!.event.occurredAt,
      detail: { folded: true },
    });
  });

  it('drops hosts to fold per category when folding per host is not enough', () => {
    const entries = ['a', 'b', 'c', 'd'].map((h, i) => entry('blocked', `${h}.example`, i));
    const plan = planFold(entries, 3, 2, ids());
    expect(plan.removeKeys).toHaveLength(4);
    expect(plan.add).toEqual([expect.objectContaining({ host: null, count: 4, category: 'gambling' })]);
  });

  it('never folds or drops reported events, nor blocked events a send already tried', () => {
    const reported = [1, 2, 3].map((m) => entry('reported', 'r.example', m));
    const tried = entry('blocked', 'a.example', 4, true);
    const fresh = [entry('blocked', 'a.example', 5), entry('blocked', 'a.example', 6)];
    const plan = planFold([...reported, tried, ...fresh], 3, 2, ids());
    expect(plan.removeKeys).toEqual(fresh.map((e) => e.key));
    expect(plan.add).toEqual([expect.objectContaining({ count: 2 })]);
    expect(planFold(reported, 1, 1, ids())).toEqual({ removeKeys: [], add: [] });
  });

  it('adds up counts of events that were already folded', () => {
    const a = entry('blocked', 'a.example', 1);
    a.event.count = 10;
    a.event.lastOccurredAt = new Date(Date.UTC(2026, 10, 24, 10)).toISOString();
    const plan = planFold([a, entry('blocked', 'a.example', 2)], 1, 1, ids());
    expect(plan.add[0]).toMatchObject({ count: 11, lastOccurredAt: a.event.lastOccurredAt });
  });
});
