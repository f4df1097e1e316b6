import { describe, expect, it } from 'vitest';
import { CHROME_DNR_LIMITS } from './chrome-limits';
import { compileRules } from './compiler';
import type { DnrRule } from './dnr-types';
import { categoryRuleId, PRIORITY } from './rule-ids';
import { splitRuleTiers } from './tiers';
import { planRuleUpdate } from './update-plan';
import { policyFor } from '@/test/fixtures/policy';

const BLOCK_PAGE = 'chrome-extension://abc/blocked.html';
const chunks = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ key: `${prefix}/1/${i}`, hash: `${prefix}-h${i}`, count: 100_000 }));

describe('compileRules with precompiled list chunks', () => {
  it('emits one rule pair per chunk after the built-in chunk, without reading any hosts', () => {
    const result = compileRules({
      policy: policyFor({ keyStage: 'KS3' }),
      blockPageUrl: BLOCK_PAGE,
      listChunks: { gambling: chunks('g', 3) },
    });
    const gambling = result.chunkRules.filter((c) => c.chunk.key.startsWith('g/'));
    expect(gambling.map((c) => c.rule.id)).toEqual(
      [1, 2, 3].flatMap((i) => [categoryRuleId('gambling', i, 'frames'), categoryRuleId('gambling', i, 'subresources')]),
    );
    expect(gambling.every((c) => c.rule.condition.requestDomains === undefined && c.rule.priority === PRIORITY.CATEGORY_BLOCK)).toBe(true);
    expect(gambling[0]!.rule.action.type).toBe('redirect');
    expect(result.stats.categories.gambling!.domains).toBeGreaterThan(300_000);
    expect(result.rules.some((r) => r.id === categoryRuleId('gambling', 0, 'frames'))).toBe(true);
  });

  it('only enabled categories, and illegal always at the top priority', () => {
    const listChunks = { games: chunks('games', 1), illegal: chunks('iwf', 1) };
    const ks5 = compileRules({ policy: policyFor({ keyStage: 'KS5' }), blockPageUrl: BLOCK_PAGE, listChunks });
    expect(ks5.chunkRules.map((c) => c.chunk.key)).toEqual(['iwf/1/0', 'iwf/1/0']);
    expect(ks5.chunkRules[0]!.rule.priority).toBe(PRIORITY.ILLEGAL_BLOCK);
    const ks2 = compileRules({ policy: policyFor({ keyStage: 'KS1' }), blockPageUrl: BLOCK_PAGE, listChunks });
    expect(ks2.chunkRules.some((c) => c.chunk.key.startsWith('games/'))).toBe(true);
  });

  it('counts chunk rules against Chrome limits, dropping the least important category first', () => {
    const result = compileRules({
      policy: policyFor({ keyStage: 'KS1' }),
      blockPageUrl: BLOCK_PAGE,
      listChunks: { illegal: chunks('iwf', 2), games: chunks('games', 100) },
      limits: { ...CHROME_DNR_LIMITS, maxDynamicRules: 200 },
    });
    expect(result.rules.length + result.chunkRules.length).toBeLessThanOrEqual(200);
    expect(result.chunkRules.filter((c) => c.chunk.key.startsWith('iwf/'))).toHaveLength(4);
    expect(result.limitations.some((e) => e.code === 'too-many-rules')).toBe(true);
  });

  it('counts regex rules as installed: session-tier rules twice (with their restart copy), and leaves room for reports', () => {
    const result = compileRules({
      policy: policyFor({ keyStage: 'KS2' }),
      blockPageUrl: BLOCK_PAGE,
      listChunks: { gambling: chunks('g', 600) },
    });
    const tiers = splitRuleTiers(result.rules);
    const regex = (rules: DnrRule[]) => rules.filter((r) => r.condition.regexFilter !== undefined).length;
    const installedRegex =
      regex(tiers.session) + regex(tiers.restartCopy) + regex(tiers.dynamic) + regex(result.chunkRules.map((c) => c.rule));
    expect(installedRegex).toBeLessThanOrEqual(CHROME_DNR_LIMITS.maxRegexRules - CHROME_DNR_LIMITS.reservedSessionRegexRules);
    expect(installedRegex).toBeGreaterThan(CHROME_DNR_LIMITS.maxRegexRules - CHROME_DNR_LIMITS.reservedSessionRegexRules - 2);
    expect(result.limitations.some((e) => e.code === 'too-many-regex-rules' && /kept for reported sites/.test(e.message))).toBe(true);
    // The gambling list lost its last chunks; built-in categories and school rules are all there.
    expect(result.rules.some((r) => r.id === categoryRuleId('pornography', 0, 'frames'))).toBe(true);
  });

  it('the update plan fingerprints chunk rules by hash: same hash, nothing to send; new hash, that pair only', () => {
    const policy = policyFor({ keyStage: 'KS3' });
    const first = compileRules({ policy, blockPageUrl: BLOCK_PAGE, listChunks: { gambling: chunks('g', 3) } });
    const plan1 = planRuleUpdate(null, [], first.rules, first.chunkRules);
    expect(plan1.addChunkRules).toHaveLength(6);
    const same = compileRules({
      policy: policyFor({ keyStage: 'KS4' }),
      blockPageUrl: BLOCK_PAGE,
      listChunks: { gambling: chunks('g', 3) },
    });
    expect(planRuleUpdate(plan1.fingerprints, [], same.rules, same.chunkRules).addChunkRules).toEqual([]);
    const changed = chunks('g', 3);
    changed[1] = { ...changed[1]!, hash: 'new' };
    const plan3 = planRuleUpdate(
      plan1.fingerprints,
      [],
      first.rules,
      compileRules({ policy, blockPageUrl: BLOCK_PAGE, listChunks: { gambling: changed } }).chunkRules,
    );
    expect(plan3.addChunkRules.map((c) => c.rule.id)).toEqual([
      categoryRuleId('gambling', 2, 'frames'),
      categoryRuleId('gambling', 2, 'subresources'),
    ]);
    expect(plan3.removeRuleIds).toEqual(plan3.addChunkRules.map((c) => c.rule.id));
  });
});
