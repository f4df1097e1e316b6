import { describe, expect, it } from 'vitest';
import { PRIORITY } from '../rules/rule-ids';
import { coveringHost } from './host-index';
import {
  bakedFrameRule,
  buildStaticRuleset,
  categoryOfStaticRuleset,
  classifyListFile,
  hostIndexPath,
  planStaticRulesets,
  staticRulesetId,
} from './static-rulesets';

const PAGE = 'chrome-extension://abc/blocked.html';

describe('static rulesets (lists baked in at build)', () => {
  it('places files by category name and format by extension, and refuses unknown names', () => {
    expect(classifyListFile('gambling.txt')).toEqual({ category: 'gambling', format: 'domains' });
    expect(classifyListFile('pornography/clefspeare.hosts')).toEqual({ category: 'pornography', format: 'hosts' });
    expect(classifyListFile('malware/easylist.adblock.txt')).toEqual({ category: 'malware', format: 'adblock' });
    expect(classifyListFile('adult.txt')).toMatchObject({ error: expect.stringMatching(/"adult" is not a category/) });
  });

  it('builds redirect + block rule pairs per 100 000 domains, reduced and guarded like feeds', () => {
    const text = 'b.example\na.example\nsub.a.example\narchive.org\n1.2.3.4\n';
    const build = buildStaticRuleset('gambling', [{ format: 'domains', pieces: [text.slice(0, 9), text.slice(9)] }], PAGE);
    expect(build.rules).toHaveLength(2);
    expect(build.rules.map((r) => r.id)).toEqual([1, 2]);
    expect(build.rules[0]!.action.redirect?.regexSubstitution).toBe(`${PAGE}#reason=category&category=gambling&url=\\0`);
    expect(build.rules[0]!.priority).toBe(PRIORITY.CATEGORY_BLOCK);
    expect(build.rules[1]!.condition.requestDomains).toEqual(['a.example', 'b.example']);
    expect(build.reduce).toMatchObject({ suppressed: 1, coveredByParent: 1 });
    expect(build.parse.dropped).toEqual({ 'ip-literal': 1 });
    const illegal = buildStaticRuleset('illegal', [{ format: 'domains', pieces: ['archive.org\n'] }], PAGE);
    expect(illegal.rules[0]!.priority).toBe(PRIORITY.ILLEGAL_BLOCK);
    expect(illegal.rules[0]!.condition.requestDomains).toEqual(['archive.org']);
  });

  it("ships a host index of exactly the ruleset's hosts, and rebuilds its frame rule for one host", () => {
    const text = 'b.example\na.example\nsub.a.example\narchive.org\n';
    const build = buildStaticRuleset('gambling', [{ format: 'domains', pieces: [text] }], PAGE);
    expect(build.index.length).toBe(2);
    expect(coveringHost(build.index, 'www.sub.a.example')).toBe('a.example');
    expect(coveringHost(build.index, 'b.example')).toBe('b.example');
    // Suppressed by the over-blocking guard, so not in the rules: not in the index either.
    expect(coveringHost(build.index, 'archive.org')).toBeNull();
    expect(bakedFrameRule('gambling', ['a.example', 'b.example'], PAGE)).toEqual(build.rules[0]);
    expect(hostIndexPath('list_gambling')).toBe('rules/list_gambling.index');
  });

  it("switches rulesets to the policy's categories, illegal always, and only what changes", () => {
    const available = ['list_illegal', 'list_gambling', 'list_games', 'other'];
    expect(planStaticRulesets(available, [], ['gambling'])).toEqual({
      enableRulesetIds: ['list_illegal', 'list_gambling'],
      disableRulesetIds: [],
    });
    expect(planStaticRulesets(available, ['list_illegal', 'list_gambling'], ['gambling'])).toBeNull();
    expect(planStaticRulesets(available, ['list_illegal', 'list_gambling'], ['games'])).toEqual({
      enableRulesetIds: ['list_games'],
      disableRulesetIds: ['list_gambling'],
    });
    expect(categoryOfStaticRuleset(staticRulesetId('self-harm'))).toBe('self-harm');
    expect(categoryOfStaticRuleset('list_nope')).toBeNull();
  });
});
