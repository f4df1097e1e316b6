import type { Category } from '@/src/core/categories';
import type { EffectivePolicy } from '@/src/core/policy/resolve';
import type { PolicyEngine } from './policy-engine';

/** Feed domains the benchmark injects; empty in every other build. */
const benchFeed: { domains: Partial<Record<Category, string[]>> } = { domains: {} };

/** Only in `wxt build --mode bench`: the injected feed, handed to the engine as if downloaded. */
export const benchFeedDomains = async (_policy: EffectivePolicy): Promise<Partial<Record<Category, string[]>>> => benchFeed.domains;

/**
 * Only in `wxt build --mode bench` (the call site is removed from production builds): lets the
 * benchmark time the real install path (compile in the worker, plan, one updateDynamicRules) with a
 * large feed, without a list download in the way.
 */
export function installBenchHooks(engine: PolicyEngine): void {
  (globalThis as { safeguardBench?: unknown }).safeguardBench = {
    async installFeed(category: Category, domains: string[]) {
      benchFeed.domains = { [category]: domains };
      const started = performance.now();
      const status = await engine.reapply('lists-updated');
      return { ms: performance.now() - started, ...status.timings, ruleCount: status.ruleCount, installError: status.installError };
    },
    /** Resolves once the background's own follow-up work (the restart copy) is done, so timings start on a quiet browser. */
    settled: () => engine.restartCopySettled(),
  };
}
