import { describe, expect, it } from 'vitest';
import { PRIORITY, SESSION_RULE_ID_BASE } from './rule-ids';
import { reportTargetFor } from '../shared-platforms';
import { winningRule } from './match';
import {
  freeSessionSlot,
  isReportRuleFor,
  lessonAllowRules,
  MAX_SESSION_SLOTS,
  reportedHostRules,
  reportedRules,
  sessionSlotOf,
  slotRuleIds,
} from './session-rules';

describe('session rules', () => {
  it('reported host: redirects frames to the reported page and blocks sub-resources, in its slot', () => {
    const rules = reportedHostRules('bad.example', 3, 'chrome-extension://x/blocked.html');
    expect(rules.map((r) => r.id)).toEqual(slotRuleIds(3));
    expect(rules[0]!.id).toBe(SESSION_RULE_ID_BASE + 6);
    expect(rules.every((r) => r.priority === PRIORITY.REPORTED_SESSION_BLOCK)).toBe(true);
    expect(rules[0]!.action.redirect?.regexSubstitution).toBe('chrome-extension://x/blocked.html#reason=reported&url=\\0');
    expect(rules[1]!.action.type).toBe('block');
  });
  it('reported page: one regex redirect for that page on its host, nothing else of the host', () => {
    const target = reportTargetFor('https://docs.google.com/document/d/1Abc/edit');
    const rules = reportedRules(target!, 4, 'chrome-extension://x/blocked.html');
    expect(rules).toHaveLength(1);
    expect(rules[0]!.id).toBe(slotRuleIds(4)[0]);
    expect(isReportRuleFor(rules[0]!, target!)).toBe(true);
    expect(isReportRuleFor(rules[0]!, reportTargetFor('https://docs.google.com/document/d/2Xyz/edit')!)).toBe(false);
    expect(winningRule(rules, 'https://docs.google.com/document/d/1Abc/view', 'main_frame')).not.toBeNull();
    expect(winningRule(rules, 'https://docs.google.com/document/d/1Abc/view', 'script')).toBeNull();
    expect(winningRule(rules, 'https://docs.google.com/', 'main_frame')).toBeNull();
    const host = reportedRules({ scope: 'host', host: 'bad.example' }, 5, 'chrome-extension://x/blocked.html');
    expect(isReportRuleFor(host[0]!, { scope: 'host', host: 'bad.example' })).toBe(true);
    expect(isReportRuleFor(host[0]!, { scope: 'host', host: 'other.example' })).toBe(false);
  });
  it('lesson unlock: allow rules for exactly the host, below reported blocks and illegal content', () => {
    const rules = lessonAllowRules('ok.example', 0);
    for (const rule of rules) {
      expect(rule.priority).toBe(PRIORITY.TEMPORARY_ALLOW);
      expect(rule.priority).toBeLessThan(PRIORITY.REPORTED_SESSION_BLOCK);
      expect(rule.priority).toBeLessThan(PRIORITY.ILLEGAL_BLOCK);
    }
    for (const url of ['https://ok.example/', 'http://ok.example:8080/a', 'https://ok.example?x'])
      expect(winningRule(rules, url, 'main_frame')?.action.type).toBe('allow');
    for (const url of [
      'https://sub.ok.example/',
      'https://ok.example.evil/',
      'https://notok.example/',
      'https://evil.example/?u=https://ok.example/',
    ])
      expect(winningRule(rules, url, 'main_frame')).toBeNull();
  });
  it('finds free slots and ignores rules outside the session range', () => {
    expect(freeSessionSlot([])).toBe(0);
    expect(freeSessionSlot([{ id: SESSION_RULE_ID_BASE }, { id: SESSION_RULE_ID_BASE + 3 }, { id: 5 }])).toBe(2);
    expect(sessionSlotOf(5)).toBeNull();
    const all = Array.from({ length: MAX_SESSION_SLOTS }, (_, slot) => ({ id: slotRuleIds(slot)[0]! }));
    expect(freeSessionSlot(all)).toBeNull();
  });
});
