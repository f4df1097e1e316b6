import type { Category } from '@/src/core/categories';
import type { PolicyEngine } from './policy-engine';

/** Feed domains the benchmark injects; empty in every other build. */
export const benchFeed: { domains: Partial<Record<Category, string[]>> } = { domains: {} };

/**
 * Only in `wxt build --mode bench` (the call site is removed from production builds): lets the
 * benchmark time the real refresh path (compile in the worker, plan, one updateDynamicRules) with a
 * large feed, without a list download in the way.
 */
export function installBenchHooks(engine: PolicyEngine): void {
  (globalThis as { safeguardBench?: unknown }).safeguardBench = {
    async installFeed(category: Category, domains: string[]) {
      benchFeed.domains = { [category]: domains };
      const started = performance.now();
      const status = await engine.refresh('lists-updated');
      return { ms: performance.now() - started, ...status.timings, ruleCount: status.ruleCount, installError: status.installError };
    },
    /** Resolves once the background's own follow-up work (the restart copy) is done, so timings start on a quiet browser. */
    settled: () => engine.restartCopySettled(),
  };
}
