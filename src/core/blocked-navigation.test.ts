import { describe, expect, it } from 'vitest';
import { defaultPolicy } from './policy/resolve';
import { compileRules } from './rules/compiler';
import { lessonAllowRules, reportedHostRules } from './rules/session-rules';
import { bakedFrameRule } from './lists/static-rulesets';
import { blockPageUrlFor, judgeBlockedNavigation, unkeyedBlockPageUrl, type BlockedPageCommit } from './blocked-navigation';

const HTML = 'chrome-extension://ext/blocked.html';
const KEY = '0123456789abcdef0123456789abcdef';
const PAGE = blockPageUrlFor(HTML, KEY);
const dynamic = compileRules({ policy: defaultPolicy('KS3'), blockPageUrl: PAGE, feedDomains: { gambling: ['bet.example'] } }).rules;
const rules = { dynamic, session: [] };
const BET = 'https://bet.example/x?y=1';
const BET_PAGE = `${PAGE}#reason=category&category=gambling&url=${BET}`;
const redirected = (url: string): BlockedPageCommit => ({ url, transitionQualifiers: ['server_redirect'] });

describe('judging a blocked page that committed in a top frame', () => {
  it('a rule redirect (direct, or at the end of a redirect chain) writes the key, and is genuine', () => {
    expect(dynamic.some((r) => r.action.redirect?.regexSubstitution?.startsWith(`${PAGE}#`))).toBe(true);
    expect(judgeBlockedNavigation(redirected(BET_PAGE), rules, PAGE)).toEqual({
      verdict: 'genuine',
      originalUrl: BET,
      host: 'bet.example',
      reason: { kind: 'category', category: 'gambling' },
    });
  });

  it('a session rule (a reported host) counts too', () => {
    const session = reportedHostRules('upsetting.example', 0, PAGE);
    const url = 'https://upsetting.example/v';
    expect(judgeBlockedNavigation(redirected(`${PAGE}#reason=reported&url=${url}`), { dynamic, session }, PAGE).verdict).toBe('genuine');
  });

  it('a server redirect without the device key is forged, even when it names a really blocked URL', () => {
    const withoutKey = `${HTML}#reason=category&category=gambling&url=${BET}`;
    const wrongKey = `${blockPageUrlFor(HTML, 'f'.repeat(32))}#reason=category&category=gambling&url=${BET}`;
    expect(judgeBlockedNavigation(redirected(withoutKey), rules, PAGE).verdict).toBe('forged');
    expect(judgeBlockedNavigation(redirected(wrongKey), rules, PAGE).verdict).toBe('forged');
    expect(judgeBlockedNavigation(redirected(`${PAGE}&x=1#reason=category&category=gambling&url=${BET}`), rules, PAGE).verdict).toBe(
      'forged',
    );
  });

  it('no server redirect (a script or a reload opened it): forged, even for a really blocked URL', () => {
    expect(judgeBlockedNavigation({ url: BET_PAGE, transitionQualifiers: [] }, rules, PAGE)).toEqual({ verdict: 'forged' });
    expect(judgeBlockedNavigation({ url: BET_PAGE, transitionQualifiers: ['client_redirect'] }, rules, PAGE).verdict).toBe('forged');
  });

  it('a page the installed rules would not write is forged', () => {
    const forged = (url: string) => judgeBlockedNavigation(redirected(url), rules, PAGE).verdict;
    // Not blocked at all.
    expect(forged(`${PAGE}#reason=school&url=https://evil.example/`)).toBe('forged');
    // Blocked, but for another reason than the fragment claims.
    expect(forged(`${PAGE}#reason=school&url=${BET}`)).toBe('forged');
    expect(forged(`${PAGE}#reason=category&category=violence&url=${BET}`)).toBe('forged');
    // An extra field, no URL, garbage, another page of the extension.
    expect(forged(`${PAGE}#reason=category&category=gambling&x=1&url=${BET}`)).toBe('forged');
    expect(forged(`${PAGE}#reason=category&category=gambling`)).toBe('forged');
    expect(forged(`${PAGE}#nonsense`)).toBe('forged');
    expect(forged(`chrome-extension://ext/popup.html?k=${KEY}#reason=category&category=gambling&url=${BET}`)).toBe('forged');
  });

  it('a URL an adult allowed for a lesson is no longer blocked, so its blocked page is forged', () => {
    const session = lessonAllowRules('bet.example', 0);
    expect(judgeBlockedNavigation(redirected(BET_PAGE), { dynamic, session }, PAGE).verdict).toBe('forged');
  });

  it('takes only a well-formed key', () => {
    expect(() => blockPageUrlFor(HTML, 'short')).toThrow(/32 lower-case hex/);
    expect(() => blockPageUrlFor(HTML, `${KEY.slice(0, 31)}G`)).toThrow();
  });

  it('lists baked in at build write the page without the key: genuine only when a baked rule for the host wins', () => {
    expect(unkeyedBlockPageUrl(PAGE)).toBe(HTML);
    expect(unkeyedBlockPageUrl(HTML)).toBe(HTML);
    const baked = [bakedFrameRule('gambling', ['baked-bet.example'], HTML)];
    const url = 'https://www.baked-bet.example/';
    const page = `${HTML}#reason=category&category=gambling&url=${url}`;
    expect(judgeBlockedNavigation(redirected(page), { ...rules, baked }, HTML)).toMatchObject({
      verdict: 'genuine',
      host: 'www.baked-bet.example',
    });
    // No baked rule holds the host, or it claims another category: forged.
    expect(judgeBlockedNavigation(redirected(page), rules, HTML).verdict).toBe('forged');
    expect(judgeBlockedNavigation(redirected(page.replace('gambling', 'drugs')), { ...rules, baked }, HTML).verdict).toBe('forged');
    // A script, not a redirect: forged.
    expect(judgeBlockedNavigation({ url: page, transitionQualifiers: [] }, { ...rules, baked }, HTML).verdict).toBe('forged');
    // The school allows the host (priority above categories): Chrome would not have redirected.
    const allowing = compileRules({
      policy: { ...defaultPolicy('KS3'), allowDomains: ['baked-bet.example'] },
      blockPageUrl: PAGE,
    }).rules;
    expect(judgeBlockedNavigation(redirected(page), { dynamic: allowing, session: [], baked }, HTML).verdict).toBe('forged');
    // A host both a live rule and a baked rule block at the same priority: Chrome may take either, so both pages pass.
    const both = [bakedFrameRule('gambling', ['bet.example'], HTML)];
    expect(
      judgeBlockedNavigation(redirected(`${HTML}#reason=category&category=gambling&url=${BET}`), { ...rules, baked: both }, HTML).verdict,
    ).toBe('genuine');
    expect(judgeBlockedNavigation(redirected(BET_PAGE), { ...rules, baked: both }, PAGE).verdict).toBe('genuine');
    // ...but a live rule that outranks the baked one (the illegal list) decides alone.
    const illegal = [bakedFrameRule('illegal', ['bet.example'], HTML)];
    expect(judgeBlockedNavigation(redirected(BET_PAGE), { ...rules, baked: illegal }, PAGE).verdict).toBe('forged');
  });
});
