import { describe, expect, it } from 'vitest';
import { createHostIndexBuilder } from '@/src/core/lists/host-index';
import { bakedFrameRule } from '@/src/core/lists/static-rulesets';
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
