import { describe, expect, it } from 'vitest';
import { PRIORITY, SESSION_RULE_ID_BASE } from './rule-ids';
import { freeSessionSlot, lessonAllowRules, MAX_SESSION_SLOTS, reportedHostRules, sessionSlotOf, slotRuleIds } from './session-rules';

describe('session rules', () => {
  it('reported host: redirects frames to the reported page and blocks sub-resources, in its slot', () => {
    const rules = reportedHostRules('bad.example', 3, 'chrome-extension://x/blocked.html');
    expect(rules.map((r) => r.id)).toEqual(slotRuleIds(3));
    expect(rules[0]!.id).toBe(SESSION_RULE_ID_BASE + 6);
    expect(rules.every((r) => r.priority === PRIORITY.REPORTED_SESSION_BLOCK)).toBe(true);
    expect(rules[0]!.action.redirect?.regexSubstitution).toBe('chrome-extension://x/blocked.html#reason=reported&url=\\0');
    expect(rules[1]!.action.type).toBe('block');
  });
  it('lesson unlock: one allow rule below reported blocks and illegal content', () => {
    const [rule] = lessonAllowRules('ok.example', 0);
    expect(rule!.priority).toBe(PRIORITY.TEMPORARY_ALLOW);
    expect(rule!.priority).toBeLessThan(PRIORITY.REPORTED_SESSION_BLOCK);
    expect(rule!.priority).toBeLessThan(PRIORITY.ILLEGAL_BLOCK);
  });
  it('finds free slots and ignores rules outside the session range', () => {
    expect(freeSessionSlot([])).toBe(0);
    expect(freeSessionSlot([{ id: SESSION_RULE_ID_BASE }, { id: SESSION_RULE_ID_BASE + 3 }, { id: 5 }])).toBe(2);
    expect(sessionSlotOf(5)).toBeNull();
    const all = Array.from({ length: MAX_SESSION_SLOTS }, (_, slot) => ({ id: slotRuleIds(slot)[0]! }));
    expect(freeSessionSlot(all)).toBeNull();
  });
});
