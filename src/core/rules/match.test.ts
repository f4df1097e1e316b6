import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../policy/resolve';
import { compileRules } from './compiler';
import { blockReasonFor, winningRule, winningRules } from './match';
import { lessonAllowRules, reportedHostRules } from './session-rules';

const PAGE = 'chrome-extension://abc/blocked.html';

function rulesFor(extra: Partial<ReturnType<typeof defaultPolicy>> = {}) {
  return compileRules({
    policy: { ...defaultPolicy('KS2'), ...extra },
    blockPageUrl: PAGE,
    feedDomains: { gambling: ['bet.example'] },
  }).rules;
}

describe('re-checking a URL against the installed rules', () => {
  it('finds the category that blocks a URL, including subdomains', () => {
    const rules = rulesFor();
    expect(blockReasonFor(rules, 'https://www.bet.example/x?y=1', PAGE)).toEqual({ kind: 'category', category: 'gambling' });
  });
  it('returns null for an allowed URL and for a school-allowed host inside a category', () => {
    expect(blockReasonFor(rulesFor(), 'https://news.example.org/', PAGE)).toBeNull();
    expect(blockReasonFor(rulesFor({ allowDomains: ['bet.example'] }), 'https://bet.example/', PAGE)).toBeNull();
  });
  it('gives the school block reason and lets a higher priority win', () => {
    const rules = rulesFor({ blockDomains: ['bet.example'] });
    // The school block (70) outranks the gambling category (60).
    expect(blockReasonFor(rules, 'http://bet.example/', PAGE)).toEqual({ kind: 'school' });
  });
  it('reported session rules beat a lesson unlock; a lesson unlock beats a category', () => {
    const rules = rulesFor();
    expect(blockReasonFor([...rules, ...lessonAllowRules('bet.example', 1)], 'https://bet.example/', PAGE)).toBeNull();
    expect(
      blockReasonFor(
        [...rules, ...lessonAllowRules('bet.example', 1), ...reportedHostRules('bet.example', 2, PAGE)],
        'https://bet.example/',
        PAGE,
      ),
    ).toEqual({ kind: 'reported' });
  });
  it('ignores redirects to anywhere but the blocked page, and non-web URLs', () => {
    const rules = [
      {
        id: 1,
        priority: 1,
        action: { type: 'redirect' as const, redirect: { regexSubstitution: 'https://evil.example/#reason=school&url=\\0' } },
        condition: { regexFilter: '^.*$' },
      },
    ];
    expect(blockReasonFor(rules, 'https://a.example/', PAGE)).toBeNull();
    expect(winningRule(rulesFor(), 'chrome://settings', 'main_frame')).toBeNull();
  });
  it('prefers allow over redirect at the same priority, as Chrome does', () => {
    const redirect = reportedHostRules('a.example', 0, PAGE)[0]!;
    const allow = { ...lessonAllowRules('a.example', 1)[0]!, priority: redirect.priority };
    expect(winningRule([redirect, allow], 'https://a.example/', 'main_frame')?.action.type).toBe('allow');
  });
  it('lists every rule that ties for the win, and only those', () => {
    const redirect = reportedHostRules('a.example', 0, PAGE)[0]!;
    const twin = { ...redirect, id: 99 };
    const lower = { ...redirect, id: 98, priority: redirect.priority - 1 };
    expect(winningRules([lower, redirect, twin], 'https://www.a.example/', 'main_frame').map((r) => r.id)).toEqual([redirect.id, 99]);
    const allow = { ...lessonAllowRules('a.example', 1)[0]!, priority: redirect.priority };
    expect(winningRules([redirect, allow, twin], 'https://a.example/', 'main_frame')).toEqual([allow]);
    expect(winningRules([redirect], 'https://b.example/', 'main_frame')).toEqual([]);
  });
});
