import { describe, expect, it } from 'vitest';
import { defaultPolicy } from './policy/resolve';
import { compileRules } from './rules/compiler';
import { lessonAllowRules, reportedHostRules } from './rules/session-rules';
import {
  confirmedByMatchedRules,
  DYNAMIC_RULESET_ID,
  judgeBlockedNavigation,
  SESSION_RULESET_ID,
  UNSEEN_START_WINDOW_MS,
  type BlockedPageCommit,
} from './blocked-navigation';

const PAGE = 'chrome-extension://ext/blocked.html';
const dynamic = compileRules({ policy: defaultPolicy('KS3'), blockPageUrl: PAGE, feedDomains: { gambling: ['bet.example'] } }).rules;
const rules = { dynamic, session: [] };
const BET = 'https://bet.example/x?y=1';
const BET_PAGE = `${PAGE}#reason=category&category=gambling&url=${BET}`;
const redirected = (url: string): BlockedPageCommit => ({ url, transitionQualifiers: ['server_redirect'], timeStamp: 5_000 });
const started = (url: string) => ({ url, timeStamp: 4_000 });
const gamblingRule = dynamic.find((r) => r.action.redirect?.regexSubstitution?.includes('category=gambling'))!;

describe('judging a blocked page that committed in a top frame', () => {
  it('a rule redirect of the URL the navigation started with is genuine', () => {
    expect(judgeBlockedNavigation(redirected(BET_PAGE), started(BET), rules, PAGE)).toEqual({
      verdict: 'genuine',
      originalUrl: BET,
      host: 'bet.example',
      reason: { kind: 'category', category: 'gambling' },
    });
    // The navigation's URL may carry a fragment; the redirected request never does.
    expect(judgeBlockedNavigation(redirected(BET_PAGE), started(`${BET}#top`), rules, PAGE).verdict).toBe('genuine');
  });

  it('a navigation that started elsewhere (a redirect chain, or a forgery) needs Chrome\'s matched-rule record', () => {
    expect(judgeBlockedNavigation(redirected(BET_PAGE), started('https://fine.example/go'), rules, PAGE)).toEqual({
      verdict: 'confirm',
      rule: { ruleId: gamblingRule.id, rulesetId: DYNAMIC_RULESET_ID },
      since: 4_000,
      originalUrl: BET,
      host: 'bet.example',
      reason: { kind: 'category', category: 'gambling' },
    });
    // Start unseen (the worker restarted mid-navigation): a bounded look back instead.
    const unseen = judgeBlockedNavigation(redirected(BET_PAGE), null, rules, PAGE);
    expect(unseen).toMatchObject({ verdict: 'confirm', since: 5_000 - UNSEEN_START_WINDOW_MS });
  });

  it('a session rule (a reported host) is looked for in the session ruleset', () => {
    const session = reportedHostRules('upsetting.example', 0, PAGE);
    const url = 'https://upsetting.example/v';
    const page = `${PAGE}#reason=reported&url=${url}`;
    expect(judgeBlockedNavigation(redirected(page), started(url), { dynamic, session }, PAGE).verdict).toBe('genuine');
    const chained = judgeBlockedNavigation(redirected(page), started('https://fine.example/'), { dynamic, session }, PAGE);
    expect(chained.verdict === 'confirm' && chained.rule.rulesetId).toBe(SESSION_RULESET_ID);
  });

  it('no server redirect (a script or a reload opened it): forged, even for a really blocked URL', () => {
    expect(judgeBlockedNavigation({ ...redirected(BET_PAGE), transitionQualifiers: [] }, started(BET), rules, PAGE)).toEqual({ verdict: 'forged' });
    expect(judgeBlockedNavigation({ ...redirected(BET_PAGE), transitionQualifiers: ['client_redirect'] }, started(BET), rules, PAGE).verdict).toBe('forged');
  });

  it('a page the installed rules would not write is forged', () => {
    const forged = (url: string, start = started(BET)) => judgeBlockedNavigation(redirected(url), start, rules, PAGE).verdict;
    // Not blocked at all.
    expect(forged(`${PAGE}#reason=school&url=https://evil.example/`, started('https://evil.example/'))).toBe('forged');
    // Blocked, but for another reason than the fragment claims.
    expect(forged(`${PAGE}#reason=school&url=${BET}`)).toBe('forged');
    expect(forged(`${PAGE}#reason=category&category=violence&url=${BET}`)).toBe('forged');
    // An extra field, no URL, garbage, another page of the extension, a query before the fragment.
    expect(forged(`${PAGE}#reason=category&category=gambling&x=1&url=${BET}`)).toBe('forged');
    expect(forged(`${PAGE}#reason=category&category=gambling`)).toBe('forged');
    expect(forged(`${PAGE}#nonsense`)).toBe('forged');
    expect(forged(`chrome-extension://ext/popup.html#reason=category&category=gambling&url=${BET}`)).toBe('forged');
    expect(forged(`${PAGE}?#reason=category&category=gambling&url=${BET}`)).toBe('forged');
  });

  it('a URL an adult allowed for a lesson is no longer blocked, so its blocked page is forged', () => {
    const session = lessonAllowRules('bet.example', 0);
    expect(judgeBlockedNavigation(redirected(BET_PAGE), started(BET), { dynamic, session }, PAGE).verdict).toBe('forged');
  });
});

describe('confirming with the rules Chrome matched for the tab', () => {
  const rule = { ruleId: 7, rulesetId: DYNAMIC_RULESET_ID };
  it('needs that rule, from that ruleset, matched at or after the navigation started', () => {
    expect(confirmedByMatchedRules([{ ruleId: 7, rulesetId: '_dynamic', timeStamp: 4_000 }], rule, 4_000)).toBe(true);
    expect(confirmedByMatchedRules([], rule, 4_000)).toBe(false);
    expect(confirmedByMatchedRules([{ ruleId: 8, rulesetId: '_dynamic', timeStamp: 4_500 }], rule, 4_000)).toBe(false);
    expect(confirmedByMatchedRules([{ ruleId: 7, rulesetId: '_session', timeStamp: 4_500 }], rule, 4_000)).toBe(false);
    expect(confirmedByMatchedRules([{ ruleId: 7, rulesetId: '_dynamic', timeStamp: 3_999 }], rule, 4_000)).toBe(false);
  });
});
