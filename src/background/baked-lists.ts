import { categoryOfStaticRuleset, bakedFrameRule } from '@/src/core/lists/static-rulesets';
import { coveringHost, hostIndexFromBytes } from '@/src/core/lists/host-index';
import type { DnrRule } from '@/src/core/rules/dnr-types';

export interface BakedListsDeps {
  /** The static rulesets switched on now (updateEnabledRulesets). */
  enabledRulesets(): Promise<string[]>;
  /** A ruleset's host index from the package, or null when it has none. */
  loadIndex(rulesetId: string): Promise<ArrayBufferLike | null>;
  warn(message: string): void;
}

export interface BakedLists {
  /**
   * The baked frame rules that would match `host`, rebuilt for that host alone, for re-checking a
   * key-less blocked page (see blocked-navigation.ts). Indexes are read for the check and let go,
   * so nothing of the lists stays in the worker.
   */
  forHost(host: string, blockPageUrl: string): Promise<DnrRule[]>;
}

export function createBakedLists(deps: BakedListsDeps): BakedLists {
  return {
    async forHost(host, blockPageUrl) {
      const rules: DnrRule[] = [];
      for (const id of await deps.enabledRulesets()) {
        const category = categoryOfStaticRuleset(id);
        if (category === null) continue;
        try {
          const bytes = await deps.loadIndex(id);
          const index = bytes ? hostIndexFromBytes(bytes) : null;
          if (!index) {
            deps.warn(`Baked list ${id}: no readable host index in the package, so its blocked pages cannot be confirmed.`);
            continue;
          }
          const covering = coveringHost(index, host);
          if (covering !== null) rules.push(bakedFrameRule(category, [covering], blockPageUrl));
        } catch (error) {
          deps.warn(`Baked list ${id}: reading its host index failed (${String(error)}).`);
        }
      }
      return rules;
    },
  };
}
