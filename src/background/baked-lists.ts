import { categoryOfStaticRuleset, bakedFrameRule } from '@/src/core/lists/static-rulesets';
import { coveringHost, hostIndexFromBytes } from '@/src/core/lists/host-index';
import type { DnrRule } from '@/src/core/rules/dnr-types';
import { STRICTEST_RULESET_ID, strictestRules } from '@/src/core/rules/strictest-ruleset';

export interface BakedListsDeps {
  /** The static rulesets switched on now (updateEnabledRulesets). */
  enabledRulesets(): Promise<string[]>;
  /** A ruleset's host index from the package, or null when it has none. */
  loadIndex(rulesetId: string): Promise<ArrayBufferLike | null>;
  warn(message: string): void;
}

/**
 * The static rules baked into the package at build, which redirect to the key-less blocked page: the
 * lists (LISTS_DIR) and the strictest ruleset enforced until a valid policy's rules are in force.
 */
export interface BakedLists {
  /**
   * The enabled static rules that may match `host`, for re-checking a key-less blocked page (see
   * blocked-navigation.ts): each list's frame rule rebuilt for that host alone (its index is read for
   * the check and let go, so nothing of the lists stays in the worker), and the strictest ruleset's
   * rules, compiled again from the same code that wrote them.
   */
  forHost(host: string, blockPageUrl: string): Promise<DnrRule[]>;
}

export function createBakedLists(deps: BakedListsDeps): BakedLists {
  return {
    async forHost(host, blockPageUrl) {
      const rules: DnrRule[] = [];
      for (const id of await deps.enabledRulesets()) {
        if (id === STRICTEST_RULESET_ID) {
          rules.push(...strictestRules(blockPageUrl));
          continue;
        }
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
