import { describe, expect, it } from 'vitest';
import { describeAge } from './status-page';

describe('describeAge (list age on the status page)', () => {
  const now = Date.parse('2026-11-24T12:00:00Z');
  it('says never, minutes, hours or days', () => {
    expect(describeAge(null, now)).toBe('never');
    expect(describeAge('2026-11-24T11:45:00Z', now)).toBe('15 min ago');
    expect(describeAge('2026-11-24T02:00:00Z', now)).toBe('10 h ago');
    expect(describeAge('2026-11-20T12:00:00Z', now)).toBe('4 days ago');
  });
});
