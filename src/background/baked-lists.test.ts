import { describe, expect, it } from 'vitest';
import { createHostIndexBuilder } from '@/src/core/lists/host-index';
import { bakedFrameRule } from '@/src/core/lists/static-rulesets';
import { judgeBlockedNavigation } from '@/src/core/blocked-navigation';
import { STRICTEST_RULESET_ID } from '@/src/core/rules/strictest-ruleset';
import { createBakedLists } from './baked-lists';

const PAGE = 'chrome-extension://ext/blocked.html';

function indexBytes(hosts: string[]): ArrayBufferLike {
  const builder = createHostIndexBuilder();
  for (const host of hosts) builder.add(host);
  return builder.finish().buffer.slice(0);
}

describe('baked lists, re-checked through their host indexes', () => {
  it('rebuilds the frame rule of every enabled ruleset that holds the host, and warns about unreadable indexes', async () => {
    const warnings: string[] = [];
    const files: Record<string, ArrayBufferLike | null> = {
      list_gambling: indexBytes(['bet.example']),
      list_illegal: indexBytes(['sub.bet.example']),
      list_games: new ArrayBuffer(5),
    };
    const baked = createBakedLists({
      enabledRulesets: async () => ['list_gambling', 'list_illegal', 'list_games', 'list_pornography', 'not_ours'],
      loadIndex: async (id) => {
        if (id === 'list_pornography') throw new Error('network error');
        return files[id] ?? null;
      },
      warn: (message) => void warnings.push(message),
    });
    expect(await baked.forHost('www.sub.bet.example', PAGE)).toEqual([
      bakedFrameRule('gambling', ['bet.example'], PAGE),
      bakedFrameRule('illegal', ['sub.bet.example'], PAGE),
    ]);
    expect(await baked.forHost('other.example', PAGE)).toEqual([]);
    expect(warnings.filter((w) => w.includes('list_games'))[0]).toMatch(/no readable host index/);
    expect(warnings.filter((w) => w.includes('list_pornography'))[0]).toMatch(/network error/);
  });
});

describe('the strictest static ruleset, re-checked like a baked list', () => {
  const baked = (enabled: string[]) =>
    createBakedLists({ enabledRulesets: async () => enabled, loadIndex: async () => null, warn: () => undefined });
  const commit = (url: string) => ({ url, transitionQualifiers: ['server_redirect'] });

  it('confirms a key-less page its rules wrote while it is on, and no page once it is off', async () => {
    const page = `${PAGE}#reason=approved-only&url=http://ordinary-site.test/`;
    const on = await baked([STRICTEST_RULESET_ID]).forHost('ordinary-site.test', PAGE);
    expect(judgeBlockedNavigation(commit(page), { dynamic: [], session: [], baked: on }, PAGE)).toMatchObject({
      verdict: 'genuine',
      host: 'ordinary-site.test',
    });
    // A page claiming another reason for the same host is not what the rules wrote.
    const forged = `${PAGE}#reason=category&category=gambling&url=http://ordinary-site.test/`;
    expect(judgeBlockedNavigation(commit(forged), { dynamic: [], session: [], baked: on }, PAGE).verdict).toBe('forged');
    const off = await baked([]).forHost('ordinary-site.test', PAGE);
    expect(judgeBlockedNavigation(commit(page), { dynamic: [], session: [], baked: off }, PAGE).verdict).toBe('forged');
  });
});
