import { describe, expect, it } from 'vitest';
import type { DnrRule } from './dnr-types';
import { fingerprintRule, planRuleUpdate } from './update-plan';

const rule = (id: number, domains: string[]): DnrRule => ({
  id,
  priority: 1,
  action: { type: 'block' },
  condition: { requestDomains: domains },
});

describe('planRuleUpdate', () => {
  it('replaces everything installed when nothing is known about it', () => {
    const plan = planRuleUpdate(null, [1, 2, 99], [rule(1, ['a.example']), rule(3, ['c.example'])]);
    expect(plan.removeRuleIds).toEqual([1, 2, 99]);
    expect(plan.addRules.map((r) => r.id)).toEqual([1, 3]);
  });

  it('leaves unchanged rules alone and swaps changed or removed ones', () => {
    const before = [rule(1, ['a.example']), rule(2, ['b.example']), rule(3, ['c.example'])];
    const first = planRuleUpdate(null, [], before);
    const next = [rule(1, ['a.example']), rule(2, ['b.example', 'bb.example']), rule(4, ['d.example'])];
    const plan = planRuleUpdate(first.fingerprints, [], next);
    expect(plan.removeRuleIds).toEqual([2, 3]);
    expect(plan.addRules.map((r) => r.id)).toEqual([2, 4]);
    expect(planRuleUpdate(plan.fingerprints, [], next)).toMatchObject({ removeRuleIds: [], addRules: [] });
  });

  it('fingerprints differ when any part of a rule differs', () => {
    expect(fingerprintRule(rule(1, ['a.example']))).not.toBe(fingerprintRule(rule(1, ['b.example'])));
    expect(fingerprintRule(rule(1, ['a.example']))).not.toBe(fingerprintRule({ ...rule(1, ['a.example']), priority: 2 }));
    expect(fingerprintRule(rule(1, ['a.example']))).toBe(fingerprintRule(rule(1, ['a.example'])));
    // Domain lists are hashed in place: boundaries and which list a domain is in both count.
    expect(fingerprintRule(rule(1, ['ab.example', 'c']))).not.toBe(fingerprintRule(rule(1, ['a', 'b.examplec'])));
    const moved: DnrRule = { ...rule(1, []), condition: { requestDomains: [], excludedRequestDomains: ['a.example'] } };
    expect(fingerprintRule(moved)).not.toBe(fingerprintRule(rule(1, ['a.example'])));
  });
});
