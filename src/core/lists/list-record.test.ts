import { describe, expect, it } from 'vitest';
import { emptyListRecord, isListDue, listId, shrinkProblem } from './list-record';

const feed = { category: 'gambling' as const, url: 'https://lists.example/gambling.txt', format: 'domains' as const };

describe('list records', () => {
  it('IDs depend on category, format and address', () => {
    expect(listId(feed)).toBe(listId({ ...feed }));
    expect(listId(feed)).not.toBe(listId({ ...feed, category: 'games' }));
    expect(listId(feed)).not.toBe(listId({ ...feed, url: 'https://lists.example/other.txt' }));
  });

  it('a list is due when never checked, when the guard changed, or when its period has passed', () => {
    const now = new Date('2026-01-02T12:00:00Z');
    const record = { ...emptyListRecord(feed, 'g1'), checkedAt: '2026-01-02T00:00:00Z', chunks: [{ key: 'k', hash: 'h', count: 1 }] };
    expect(isListDue(undefined, 'g1', now, 24)).toBe(true);
    expect(isListDue(record, 'g1', now, 24)).toBe(false);
    expect(isListDue(record, 'g1', now, 12)).toBe(true);
    expect(isListDue(record, 'g2', now, 24)).toBe(true);
    // A list that never downloaded is retried within the hour, not after a day.
    expect(isListDue({ ...record, chunks: [], lastError: 'HTTP 500', checkedAt: '2026-01-02T10:30:00Z' }, 'g1', now, 24)).toBe(true);
  });

  it("refuses empty downloads and suspicious shrinkage, per the school's percentage", () => {
    expect(shrinkProblem(0, 0, 50)).toMatch(/no usable sites/);
    expect(shrinkProblem(0, 10, 50)).toBeNull();
    expect(shrinkProblem(1000, 499, 50)).toMatch(/less than 50%/);
    expect(shrinkProblem(1000, 500, 50)).toBeNull();
    expect(shrinkProblem(1000, 1, 0)).toBeNull();
  });
});
