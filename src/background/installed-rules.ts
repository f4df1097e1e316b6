import type { DnrPort } from '@/src/adapters/dnr-port';
import type { Category } from '@/src/core/categories';
import { selfAndParents } from '@/src/core/domain';
import { chunksThatMayHold } from '@/src/core/lists/chunk-lookup';
import type { EffectivePolicy } from '@/src/core/policy/resolve';
import { compileRules, type ListChunkRef } from '@/src/core/rules/compiler';
import type { DnrRule } from '@/src/core/rules/dnr-types';
import { RULE_ID } from '@/src/core/rules/rule-ids';
import { splitRuleTiers } from '@/src/core/rules/tiers';

export interface InstalledRulesDeps {
  dnr: Pick<DnrPort, 'getSessionRules' | 'getDynamicRules'>;
  blockPageUrl(): Promise<string>;
  /** The policy being enforced. */
  policy(): Promise<EffectivePolicy>;
  listChunks(policy: EffectivePolicy): Promise<Partial<Record<Category, ListChunkRef[]>>>;
  loadChunk(key: string): Promise<string[] | null>;
}

export interface InstalledRules {
  /**
   * The installed rules that can match `host`, as Chrome holds them (session rules as they are;
   * dynamic rules with `requestDomains` cut down to the entries that cover `host`), for re-checking
   * one URL the way Chrome decided it.
   */
  forHost(host: string): Promise<{ dynamic: DnrRule[]; session: DnrRule[] }>;
}

/**
 * Reading every dynamic rule back from Chrome costs seconds and hundreds of megabytes once lists
 * hold millions of domains (measured: 1.3 s for 2 M), too much for every blocked page. The session
 * tier is small and read as is; list chunks are found from their stored key ranges and only the
 * one or two that may hold the host are read; the rest of the dynamic rules are recompiled from
 * the policy (no hosts involved). Only in the moment after a browser restart, before the session
 * tier is back, are the dynamic rules read from Chrome, since the restart copy then decides.
 */
export function createInstalledRules(deps: InstalledRulesDeps): InstalledRules {
  return {
    async forHost(host) {
      const session = await deps.dnr.getSessionRules();
      if (!session.some((rule) => rule.id === RULE_ID.RESTART_COPY_SILENCER)) {
        return { dynamic: await deps.dnr.getDynamicRules(), session };
      }
      const policy = await deps.policy();
      const compiled = compileRules({ policy, blockPageUrl: await deps.blockPageUrl(), listChunks: await deps.listChunks(policy) });
      const dynamic = splitRuleTiers(compiled.rules).dynamic;
      const covering = new Set(selfAndParents(host));
      const refs = [...new Map(compiled.chunkRules.map((item) => [item.chunk.key, item.chunk])).values()];
      const found = new Map<string, string[]>();
      for (const chunk of chunksThatMayHold(refs, host)) {
        const hosts = (await deps.loadChunk(chunk.key)) ?? [];
        const matching = hosts.filter((entry) => covering.has(entry));
        if (matching.length > 0) found.set(chunk.key, matching);
      }
      for (const item of compiled.chunkRules) {
        const requestDomains = found.get(item.chunk.key);
        if (requestDomains) dynamic.push({ ...item.rule, condition: { ...item.rule.condition, requestDomains } });
      }
      return { dynamic, session };
    },
  };
}
