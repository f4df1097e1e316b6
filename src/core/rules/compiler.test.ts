import { describe, expect, it } from 'vitest';
import { parseBlockedHash } from '../block-reason';
import { CHROME_DNR_LIMITS } from './chrome-limits';
import { compileRules, FILTER_BLIND_SPOTS } from './compiler';
import type { DnrRule } from './dnr-types';
import { categoryRuleId, PRIORITY, RULE_ID } from './rule-ids';
import { policyFor } from '@/test/fixtures/policy';

const BLOCK_PAGE = 'chrome-extension://abc/blocked.html';

/**
 * A small model of DNR matching (highest priority wins among block/redirect/allow, requestDomains
 * match subdomains, excludedRequestDomains carve out), to check what the compiled rules *do*.
 */
function outcome(rules: DnrRule[], url: string, type: 'main_frame' | 'image' = 'main_frame') {
  const host = new URL(url).hostname;
  const covers = (list: string[] | undefined) => list?.some((d) => host === d || host.endsWith(`.${d}`)) ?? false;
  const matching = rules.filter((rule) => {
    const c = rule.condition;
    if (c.resourceTypes && !c.resourceTypes.includes(type)) return false;
    if (c.requestMethods && !c.requestMethods.includes('get')) return false;
    if (c.requestDomains && !covers(c.requestDomains)) return false;
    if (covers(c.excludedRequestDomains)) return false;
    if (c.regexFilter && !new RegExp(c.regexFilter, c.isUrlFilterCaseSensitive === false ? 'i' : '').test(url)) return false;
    return rule.action.type !== 'modifyHeaders';
  });
  matching.sort((a, b) => b.priority - a.priority);
  const top = matching[0];
  if (!top) return { action: 'none' as const };
  if (top.action.type === 'redirect' && top.action.redirect?.regexSubstitution) {
    const target = top.action.redirect.regexSubstitution.replace('\\0', url);
    return { action: 'blocked' as const, target, params: parseBlockedHash(target.slice(target.indexOf('#'))) };
  }
  return { action: top.action.type, rule: top };
}

describe('compileRules', () => {
  it('blocks a category site with a redirect carrying the reason and original URL', () => {
    const { rules, limitations } = compileRules({ policy: policyFor({ keyStage: 'KS2' }), blockPageUrl: BLOCK_PAGE });
    expect(limitations).toEqual([]);
    const result = outcome(rules, 'https://www.pornhub.com/view?x=1');
    expect(result.action).toBe('blocked');
    if (result.action !== 'blocked') return;
    expect(result.target.startsWith(`${BLOCK_PAGE}#`)).toBe(true);
    expect(result.params).toEqual({ reason: { kind: 'category', category: 'pornography' }, url: 'https://www.pornhub.com/view?x=1' });
    expect(outcome(rules, 'https://cdn.pornhub.com/i.png', 'image').action).toBe('block');
    expect(outcome(rules, 'https://www.wikipedia.org/').action).toBe('none');
  });

  it('school allow beats categories, school block beats nothing above it, illegal beats allow', () => {
    const policy = policyFor({
      keyStage: 'KS2',
      allowDomains: ['reddit.com', 'ok.example'],
      blockDomains: ['bad.example', 'games.ok.example'],
      categoryDomains: [{ category: 'illegal', domains: ['terror.ok.example'] }],
    });
    const { rules } = compileRules({ policy, blockPageUrl: BLOCK_PAGE });
    expect(outcome(rules, 'https://www.reddit.com/').action).toBe('allow');
    expect(outcome(rules, 'https://bad.example/x')).toMatchObject({ params: { reason: { kind: 'school' } } });
    // The more specific school entry wins under an allowed parent.
    expect(outcome(rules, 'https://games.ok.example/')).toMatchObject({ params: { reason: { kind: 'school' } } });
    expect(outcome(rules, 'https://ok.example/').action).toBe('allow');
    expect(outcome(rules, 'https://terror.ok.example/')).toMatchObject({ params: { reason: { kind: 'category', category: 'illegal' } } });
  });

  it('approved-sites-only mode blocks every page except allowed and built-in learning sites', () => {
    const { rules } = compileRules({ policy: policyFor({ keyStage: 'EYFS', allowDomains: ['class.example'] }), blockPageUrl: BLOCK_PAGE });
    expect(outcome(rules, 'https://random.example/')).toMatchObject({ params: { reason: { kind: 'approved-only' } } });
    expect(outcome(rules, 'https://class.example/lesson').action).toBe('allow');
    expect(outcome(rules, 'https://www.bbc.co.uk/cbeebies').action).toBe('allow');
    expect(outcome(rules, 'https://accounts.google.com/').action).toBe('allow');
    // Sub-resources are not caught by the catch-all, so approved pages can load their assets.
    expect(outcome(rules, 'https://static.cdn.example/a.png', 'image').action).toBe('none');
    // Categories still apply above the approved-sites allowance.
    expect(outcome(rules, 'https://xvideos.com/')).toMatchObject({ params: { reason: { kind: 'category', category: 'pornography' } } });
  });

  it('adds safe search for each engine and the YouTube header, above school allow', () => {
    const { rules } = compileRules({ policy: policyFor({ keyStage: 'KS3', allowDomains: ['google.com'] }), blockPageUrl: BLOCK_PAGE });
    const byId = new Map(rules.map((r) => [r.id, r]));
    const google = byId.get(RULE_ID.SAFE_SEARCH_GOOGLE)!;
    expect(google.priority).toBeGreaterThan(PRIORITY.SCHOOL_ALLOW);
    expect(google.action.redirect?.transform?.queryTransform?.addOrReplaceParams).toEqual([{ key: 'safe', value: 'active' }]);
    expect(byId.get(RULE_ID.SAFE_SEARCH_BING)!.action.redirect?.transform?.queryTransform?.addOrReplaceParams).toEqual([
      { key: 'adlt', value: 'strict' },
    ]);
    expect(byId.get(RULE_ID.SAFE_SEARCH_DUCKDUCKGO)!.action.redirect?.transform?.queryTransform?.addOrReplaceParams).toEqual([
      { key: 'kp', value: '1' },
      { key: 'p', value: '1' },
    ]);
    const youtube = byId.get(RULE_ID.YOUTUBE_RESTRICT)!;
    expect(youtube.action.requestHeaders).toEqual([{ header: 'YouTube-Restrict', operation: 'set', value: 'Strict' }]);
    expect(youtube.condition.resourceTypes).toContain('main_frame');
    expect(new RegExp(google.condition.regexFilter!).test('https://www.google.com/search?q=x')).toBe(true);
    expect(new RegExp(google.condition.regexFilter!).test('https://www.google.com/maps')).toBe(false);
  });

  it('moderate levels and "off" change the safe-search rules', () => {
    const moderate = compileRules({ policy: policyFor({ keyStage: 'KS5' }), blockPageUrl: BLOCK_PAGE }).rules;
    expect(moderate.find((r) => r.id === RULE_ID.SAFE_SEARCH_BING)!.action.redirect?.transform?.queryTransform?.addOrReplaceParams).toEqual(
      [{ key: 'adlt', value: 'moderate' }],
    );
    expect(moderate.find((r) => r.id === RULE_ID.YOUTUBE_RESTRICT)!.action.requestHeaders![0]!.value).toBe('Moderate');
    const staff = compileRules({ policy: policyFor({ keyStage: 'STAFF' }), blockPageUrl: BLOCK_PAGE }).rules;
    expect(staff.some((r) => r.id >= RULE_ID.SAFE_SEARCH_GOOGLE && r.id <= RULE_ID.YOUTUBE_RESTRICT)).toBe(false);
  });

  it('does not let a safe-search redirect outrank a school block of a search engine', () => {
    const { rules } = compileRules({ policy: policyFor({ keyStage: 'KS2', blockDomains: ['bing.com'] }), blockPageUrl: BLOCK_PAGE });
    expect(rules.filter((r) => r.condition.requestDomains?.includes('bing.com'))).toEqual([
      expect.objectContaining({ id: RULE_ID.SCHOOL_BLOCK_FRAMES }),
      expect.objectContaining({ id: RULE_ID.SCHOOL_BLOCK_SUBRESOURCES }),
    ]);
    expect(outcome(rules, 'https://www.bing.com/search?q=x')).toMatchObject({ params: { reason: { kind: 'school' } } });
  });

  it('groups a million domains into a handful of rules with stable IDs', () => {
    const domains = Array.from({ length: 1_000_000 }, (_, i) => `site${i}.example`);
    const { rules, stats, limitations } = compileRules({
      policy: policyFor({ keyStage: 'STAFF' }),
      feedDomains: { malware: domains },
      blockPageUrl: BLOCK_PAGE,
      withoutBuiltins: true,
    });
    expect(limitations).toEqual([]);
    expect(stats.categories.malware).toEqual({ domains: 1_000_000, rules: 20 });
    const malwareRules = rules.filter(
      (r) => r.id >= categoryRuleId('malware', 0, 'frames') && r.id < categoryRuleId('piracy', 0, 'frames'),
    );
    expect(malwareRules).toHaveLength(20);
    expect(Math.max(...malwareRules.map((r) => r.condition.requestDomains!.length))).toBe(CHROME_DNR_LIMITS.maxDomainsPerRule);
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
  });

  it('drops duplicates and subdomains already covered by a parent', () => {
    const { stats, rules } = compileRules({
      policy: policyFor({ keyStage: 'STAFF' }),
      feedDomains: { malware: ['a.example', 'x.a.example', 'a.example', 'b.example'] },
      blockPageUrl: BLOCK_PAGE,
      withoutBuiltins: true,
    });
    expect(stats.categories.malware!.domains).toBe(2);
    expect(rules.find((r) => r.id === categoryRuleId('malware', 0, 'frames'))!.condition.requestDomains!.sort()).toEqual([
      'a.example',
      'b.example',
    ]);
  });

  it('only enabled categories (and always illegal) are compiled', () => {
    const { stats } = compileRules({
      policy: policyFor({ keyStage: 'STAFF' }),
      feedDomains: { games: ['game.example'], illegal: ['iwf.example'] },
      blockPageUrl: BLOCK_PAGE,
    });
    expect(stats.categories.games).toBeUndefined();
    expect(stats.categories.illegal).toEqual({ domains: 1, rules: 2 });
  });

  it('checks Chrome limits first and drops the least important categories, never illegal or school rules', () => {
    // Small rules count twice (session tier and restart copy): 12 regex rules is room for 6.
    const limits = { ...CHROME_DNR_LIMITS, maxDomainsPerRule: 2, maxRegexRules: 12, reservedSessionRegexRules: 0 };
    const { rules, limitations } = compileRules({
      policy: policyFor({ keyStage: 'KS2', blockDomains: ['s.example'], safeSearch: 'off', youtubeRestrict: 'off' }),
      feedDomains: {
        illegal: ['i1.example', 'i2.example', 'i3.example'],
        pornography: ['p1.example', 'p2.example', 'p3.example', 'p4.example'],
        gambling: ['g1.example', 'g2.example', 'g3.example', 'g4.example'],
      },
      blockPageUrl: BLOCK_PAGE,
      limits,
      withoutBuiltins: true,
    });
    const regexRules = rules.filter((r) => r.condition.regexFilter);
    expect(regexRules).toHaveLength(6);
    expect(rules.some((r) => r.id === RULE_ID.SCHOOL_BLOCK_FRAMES)).toBe(true);
    expect(rules.some((r) => r.id === categoryRuleId('illegal', 1, 'frames'))).toBe(true);
    expect(rules.some((r) => r.id === categoryRuleId('pornography', 1, 'frames'))).toBe(true);
    // 7 redirect rules were needed; the last chunk of the later category is the one left out.
    expect(rules.some((r) => r.id === categoryRuleId('gambling', 1, 'frames'))).toBe(false);
    expect(limitations).toEqual([expect.objectContaining({ code: 'too-many-regex-rules' })]);
  });

  it('names the blind spots of host filtering for the status page', () => {
    expect(FILTER_BLIND_SPOTS.join(' ')).toMatch(/service worker/);
  });
});
