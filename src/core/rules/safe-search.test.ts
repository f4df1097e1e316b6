import { describe, expect, it } from 'vitest';
import { normalizeHost } from '../domain';
import { GOOGLE_SEARCH_DOMAINS, LOCKED_SEARCH_ENGINES, UNLOCKABLE_SEARCH_ENGINES, type LockedSearchEngine } from '../search-engines';
import { compileRules } from './compiler';
import type { DnrRule } from './dnr-types';
import { winningRule } from './match';
import { PRIORITY, RULE_ID, SAFE_SEARCH_RULE_IDS } from './rule-ids';
import { caseSpellings, disguisedUrlPattern, resultUrlPattern } from './safe-search';
import { policyFor } from '@/test/fixtures/policy';
import { ISSUE_GOOGLE_DOMAINS } from '@/test/fixtures/search';

const BLOCK_PAGE = 'chrome-extension://abc/blocked.html?k=0123456789abcdef0123456789abcdef';
const engines = LOCKED_SEARCH_ENGINES as Record<string, LockedSearchEngine>;
const matches = (pattern: string, url: string) => new RegExp(pattern, 'i').test(url);

describe('Google search domains', () => {
  it('cover every country domain the issue found open, and a sample of the rest', () => {
    const sample = [
      ...ISSUE_GOOGLE_DOMAINS,
      'google.co.uk',
      'google.ie',
      'google.cat',
      'google.com.ng',
      'google.co.in',
      'google.com.au',
      'google.ru',
      'google.com.hk',
      'google.vg',
      'google.co.ve',
      'google.ws',
    ];
    for (const domain of sample) expect(GOOGLE_SEARCH_DOMAINS, domain).toContain(domain);
    expect(GOOGLE_SEARCH_DOMAINS.length).toBeGreaterThanOrEqual(185);
  });

  it('are valid, distinct host names', () => {
    expect(new Set(GOOGLE_SEARCH_DOMAINS).size).toBe(GOOGLE_SEARCH_DOMAINS.length);
    for (const domain of GOOGLE_SEARCH_DOMAINS) expect(normalizeHost(domain), domain).toEqual({ ok: true, host: domain });
  });
});

describe('result endpoints', () => {
  const cases: [string, string, boolean][] = [
    ['google', 'https://www.google.com/search?q=x', true],
    ['google', 'https://www.google.com.br/search?q=x&tbm=isch', true],
    ['google', 'https://images.google.co.jp/imghp', true],
    ['google', 'https://www.google.ch/complete/search?q=x&client=gws-wiz', true],
    ['google', 'https://cse.google.com/cse/element/v1?q=x', true],
    ['google', 'https://www.googleapis.com/customsearch/v1?q=x', true],
    ['google', 'https://lens.google.com/uploadbyurl?url=https://a.example/x.jpg', true],
    ['google', 'https://www.google.com/maps', false],
    ['google', 'https://docs.google.com/document/d/1/edit', false],
    ['google', 'https://www.googleapis.com/upload/drive/v3/files', false],
    ['bing', 'https://www.bing.com/search?q=x', true],
    ['bing', 'https://www.bing.com/images/async?q=x&first=36', true],
    ['bing', 'https://www.bing.com/videos/async/rankedans?q=x', true],
    ['bing', 'https://www.bing.com/AS/Suggestions?qry=x', true],
    ['bing', 'https://tse1.mm.bing.net/th?q=x&w=100', true],
    ['bing', 'https://th.bing.com/th/id/OIP.abc?w=100', false],
    ['duckduckgo', 'https://duckduckgo.com/?q=x', true],
    ['duckduckgo', 'https://duckduckgo.com/i.js?q=x&o=json', true],
    ['duckduckgo', 'https://links.duckduckgo.com/d.js?q=x', true],
    ['duckduckgo', 'https://html.duckduckgo.com/html/', true],
    ['duckduckgo', 'https://lite.duckduckgo.com/lite/?q=x', true],
    ['duckduckgo', 'https://improving.duckduckgo.com/t/page', false],
    ['yahoo', 'https://uk.search.yahoo.com/search?p=x', true],
    ['yahoo', 'https://images.search.yahoo.com/search/images?p=x', true],
  ];
  it.each(cases)('%s: %s → %s', (engine, url, expected) => {
    expect(matches(resultUrlPattern(engines[engine]!), url)).toBe(expected);
  });

  it('disguised parameters are caught; the URLs the engines write themselves are not', () => {
    const disguised = [
      ['google', 'https://www.google.com/search?q=x&saf%65=off'],
      ['google', 'https://www.google.com/search?saf%65=off&q=x'],
      ['google', 'https://www.google.com/search?q=x;safe=off'],
      ['google', 'https://www.google.com/search?q=x&safe+=off'],
      ['google', 'https://www.google.com/search?safe%3Doff&q=1'],
      ['bing', 'https://www.bing.com/images/async?q=x&ad%6Ct=off'],
      ['duckduckgo', 'https://duckduckgo.com/?k%70=-2&q=x'],
      ['duckduckgo', 'https://html.duckduckgo.com/html/?q=x;kp=-2'],
    ] as const;
    for (const [engine, url] of disguised) expect(matches(disguisedUrlPattern(engines[engine]!), url), url).toBe(true);
    const ordinary = [
      ['google', 'https://www.google.com/search?q=caf%C3%A9+cr%C3%A8me&sca_esv=1a2b&source=hp&ei=AbC&oq=caf&gs_lp=Egd%3D&sclient=gws-wiz'],
      ['google', 'https://www.google.com/search?q=cats&tbm=isch&async=_id:rg_s,_pms:s,_fmt:pc'],
      ['bing', 'https://www.bing.com/images/async?q=cats&first=36&count=35&dgState=x*0_y*0&qft=+filterui:photo-photo'],
      ['duckduckgo', 'https://links.duckduckgo.com/d.js?q=a+b&l=wt-wt&s=0&vqd=4-123&kl=wt-wt'],
    ] as const;
    for (const [engine, url] of ordinary) expect(matches(disguisedUrlPattern(engines[engine]!), url), url).toBe(false);
  });
});

describe('compiled safe-search rules', () => {
  const ks3 = compileRules({ policy: policyFor({ keyStage: 'KS3' }), blockPageUrl: BLOCK_PAGE }).rules;
  const byId = new Map(ks3.map((r) => [r.id, r]));

  it('remove every spelling of each control before setting it, so repeats and capitals cannot switch it off', () => {
    expect(caseSpellings('safe')).toHaveLength(16);
    expect(caseSpellings('safe')).toEqual(expect.arrayContaining(['safe', 'SAFE', 'Safe', 'sAfE']));
    const google = byId.get(RULE_ID.SAFE_SEARCH_GOOGLE)?.action.redirect?.transform?.queryTransform;
    expect(google?.removeParams).toEqual(caseSpellings('safe'));
    expect(google?.addOrReplaceParams).toEqual([{ key: 'safe', value: 'active' }]);
    const ddg = byId.get(RULE_ID.SAFE_SEARCH_DUCKDUCKGO)?.action.redirect?.transform?.queryTransform;
    expect(ddg?.removeParams).toEqual([...caseSpellings('kp'), ...caseSpellings('p'), ...caseSpellings('ex')]);
    expect(byId.get(RULE_ID.SAFE_SEARCH_YAHOO)?.action.redirect?.transform?.queryTransform?.addOrReplaceParams).toEqual([
      { key: 'vm', value: 'r' },
    ]);
  });

  it('every locked engine has its lock and its refusal of disguised URLs; POST is refused where searches can be posted', () => {
    for (const [engine, ids] of Object.entries(SAFE_SEARCH_RULE_IDS)) {
      expect(byId.get(ids.lock)?.action.type, engine).toBe('redirect');
      expect(byId.get(ids.disguised)?.action.type, engine).toBe('block');
      expect(byId.get(ids.disguised)?.priority, engine).toBe(byId.get(ids.lock)?.priority);
      const post = byId.get(ids.post);
      expect(post?.condition.requestMethods ?? null, engine).toEqual(engines[engine]!.refusePost ? ['post'] : null);
    }
  });

  it('a GET result page is judged a lock, not a refusal (the POST rule does not match GET)', () => {
    const rule = winningRule(ks3, 'https://html.duckduckgo.com/html/?q=x', 'main_frame');
    expect(rule?.id).toBe(RULE_ID.SAFE_SEARCH_DUCKDUCKGO);
  });

  it('engines that cannot be locked go to the blocked page while safe search is on; a school allow can open one', () => {
    const expectBlocked = (rules: DnrRule[], url: string) =>
      expect(winningRule(rules, url, 'main_frame')?.action.redirect?.regexSubstitution).toBe(
        `${BLOCK_PAGE}#reason=category&category=circumvention&url=\\0`,
      );
    for (const engine of UNLOCKABLE_SEARCH_ENGINES) expectBlocked(ks3, `https://www.${engine.domains[0]}/search?q=x`);
    expect(winningRule(ks3, 'https://yandex.com/images/', 'xmlhttprequest')?.action.type).toBe('block');
    const allowed = compileRules({ policy: policyFor({ keyStage: 'KS3', allowDomains: ['ecosia.org'] }), blockPageUrl: BLOCK_PAGE }).rules;
    expect(winningRule(allowed, 'https://www.ecosia.org/search?q=x', 'main_frame')?.action.type).toBe('allow');
    expectBlocked(allowed, 'https://search.brave.com/search?q=x');
    const staff = compileRules({ policy: policyFor({ keyStage: 'STAFF' }), blockPageUrl: BLOCK_PAGE }).rules;
    expect(winningRule(staff, 'https://www.ecosia.org/search?q=x', 'main_frame')).toBeNull();
    expect(staff.some((r) => r.id === RULE_ID.UNLOCKABLE_SEARCH_FRAMES)).toBe(false);
  });

  it("an engine's open image proxy loads images but is not a page, even where the school allows the engine", () => {
    const allowed = compileRules({
      policy: policyFor({ keyStage: 'KS3', allowDomains: ['duckduckgo.com'] }),
      blockPageUrl: BLOCK_PAGE,
    }).rules;
    const proxied = 'https://external-content.duckduckgo.com/iu/?u=https://blocked.example/x.jpg';
    expect(winningRule(allowed, proxied, 'main_frame')?.action.redirect?.regexSubstitution).toContain('category=circumvention');
    expect(winningRule(allowed, proxied, 'image')?.action.type).toBe('allow');
  });

  it('the locks outrank a school allow; an unlockable engine sits with the categories, below it', () => {
    expect(byId.get(RULE_ID.SAFE_SEARCH_GOOGLE)?.priority).toBeGreaterThan(PRIORITY.SCHOOL_ALLOW);
    expect(byId.get(RULE_ID.UNLOCKABLE_SEARCH_FRAMES)?.priority).toBe(PRIORITY.CATEGORY_BLOCK);
  });

  it('no engine is both locked and blocked', () => {
    const locked = Object.values(engines).flatMap((e) => e.domains);
    for (const engine of UNLOCKABLE_SEARCH_ENGINES)
      for (const domain of engine.domains) {
        expect(locked, domain).not.toContain(domain);
        expect(normalizeHost(domain), domain).toEqual({ ok: true, host: domain });
      }
  });
});
