import { describe, expect, it } from 'vitest';
import { resolvePolicy } from './resolve';

describe('list feed settings in the policy', () => {
  it('defaults: daily refresh, 50% shrink guard, no extra protected sites', () => {
    const result = resolvePolicy({ keyStage: 'KS2' });
    expect(result.kind === 'valid' && result.policy).toMatchObject({
      lists: [],
      listRefreshHours: 24,
      listShrinkGuardPercent: 50,
      protectedDomains: [],
    });
  });

  it('illegal-content feeds join the lists as category illegal, first; bad addresses are skipped with a warning', () => {
    const result = resolvePolicy({
      keyStage: 'KS3',
      lists: [
        { category: 'gambling', url: 'https://lists.example/g.txt', format: 'domains' },
        { category: 'games', url: 'ftp://lists.example/games.txt', format: 'domains' },
        { category: 'gambling', url: 'https://lists.example/g.txt', format: 'domains' },
      ],
      illegalContentFeeds: [{ url: 'https://iwf.example/feed', format: 'hosts', name: 'IWF' }],
      listRefreshHours: 6,
      protectedDomains: ['MySchool.example', '1.2.3.4'],
    });
    if (result.kind !== 'valid') throw new Error('invalid');
    expect(result.policy.lists).toEqual([
      { category: 'illegal', url: 'https://iwf.example/feed', format: 'hosts', name: 'IWF' },
      { category: 'gambling', url: 'https://lists.example/g.txt', format: 'domains' },
    ]);
    expect(result.policy.listRefreshHours).toBe(6);
    expect(result.policy.protectedDomains).toEqual(['myschool.example']);
    expect(result.issues.map((i) => i.path)).toEqual(['lists[1].url', 'protectedDomains[1]']);
  });

  it('refuses out-of-range numbers', () => {
    expect(resolvePolicy({ keyStage: 'KS3', listRefreshHours: 0 }).kind).toBe('invalid');
    expect(resolvePolicy({ keyStage: 'KS3', listShrinkGuardPercent: 101 }).kind).toBe('invalid');
  });
});
