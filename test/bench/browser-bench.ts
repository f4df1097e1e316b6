import { resolve } from 'node:path';
import { resolvePolicy } from '../../src/core/policy/resolve';
import { compileRules } from '../../src/core/rules/compiler';
import { launchBrowser, removePolicy, startTestServer, writePolicy, type LaunchedBrowser, type TestServer } from '../e2e/harness';

/** The build made by `wxt build --mode bench`: production code plus the bench hook. */
export const BENCH_EXTENSION_DIR = resolve(import.meta.dirname, '../../.output/chrome-mv3-bench');

declare const chrome: {
  declarativeNetRequest: { updateDynamicRules(o: { removeRuleIds: number[]; addRules: unknown[] }): Promise<void> };
};
declare const safeguardBench: {
  installFeed(
    category: string,
    domains: string[],
  ): Promise<{ ms: number; compileMs: number; installMs: number; ruleCount: number; installError: string | null }>;
};

export interface InstallResult {
  domains: number;
  /** The whole refresh: compile + plan + updateDynamicRules. */
  oursMs: number[];
  /** Plan + updateDynamicRules (compiling is measured as lines/s on its own). */
  oursInstallMs: number[];
  bareMs: number[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Install time of `domains` category domains: the extension's real refresh path (compile in the
 * worker, plan, one updateDynamicRules) against a bare updateDynamicRules making exactly the same
 * change, from the same starting state (the KS2 policy's rules), alternating, `rounds` times each.
 */
export async function measureInstall(browser: LaunchedBrowser, domains: string[], rounds: number): Promise<InstallResult> {
  const worker = () => browser.currentWorker();
  const resolved = resolvePolicy({ keyStage: 'KS2', schoolId: 'BENCH' });
  if (resolved.kind !== 'valid') throw new Error('bench policy');
  const blockPageUrl = `chrome-extension://${browser.extensionId}/blocked.html`;
  const before = compileRules({ policy: resolved.policy, blockPageUrl }).rules;
  const after = compileRules({ policy: resolved.policy, feedDomains: { malware: domains }, blockPageUrl }).rules;
  const beforeById = new Map(before.map((r) => [r.id, JSON.stringify(r)]));
  const changed = after.filter((r) => beforeById.get(r.id) !== JSON.stringify(r));
  const changedIds = changed.map((r) => r.id);
  const restore = before.filter((r) => changedIds.includes(r.id));
  const removeForBare = changedIds.filter((id) => beforeById.has(id));

  const oursMs: number[] = [];
  const oursInstallMs: number[] = [];
  const bareMs: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const ours = await worker().evaluate(async (list) => safeguardBench.installFeed('malware', list), domains);
    if (ours.installError) throw new Error(ours.installError);
    oursMs.push(ours.ms);
    oursInstallMs.push(ours.installMs);
    await worker().evaluate(async () => safeguardBench.installFeed('malware', []));

    bareMs.push(
      await worker().evaluate(
        async ({ rules, remove }) => {
          const started = performance.now();
          await chrome.declarativeNetRequest.updateDynamicRules({ removeRuleIds: remove, addRules: rules });
          return performance.now() - started;
        },
        { rules: changed, remove: removeForBare },
      ),
    );
    // Back to exactly the rules the extension believes are installed.
    await worker().evaluate(
      async ({ ids, rules }) => chrome.declarativeNetRequest.updateDynamicRules({ removeRuleIds: ids, addRules: rules }),
      { ids: changedIds, rules: restore },
    );
  }
  return { domains: domains.length, oursMs, oursInstallMs, bareMs };
}

export interface PageLoadResult {
  withoutExtensionMs: number[];
  withExtensionMs: number[];
}

/** Navigation duration (navigationStart → loadEventEnd) of pages from the local server. */
async function loadPages(browser: LaunchedBrowser, count: number, tag: string): Promise<number[]> {
  const page = await browser.context.newPage();
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    await page.goto(`http://page-${tag}-${i}.school.test/lesson?i=${i}`, { waitUntil: 'load' });
    out.push(await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).duration));
  }
  await page.close();
  return out;
}

/**
 * Page loads with the full KS2 policy (built-in categories plus `domains` installed as a category)
 * against a browser with no extension: the two browsers run side by side, alternating batches.
 */
export async function measurePageLoads(server: TestServer, domains: string[], batches: number, perBatch: number): Promise<PageLoadResult> {
  writePolicy({ keyStage: 'KS2', schoolId: 'BENCH-PAGES' });
  const withExt = await launchBrowser({ server, extensionDir: BENCH_EXTENSION_DIR });
  const without = await launchBrowser({ server, extensionDir: null });
  try {
    await withExt.waitForStatus((s) => s.source === 'admin');
    await withExt.currentWorker().evaluate(async (list) => safeguardBench.installFeed('malware', list), domains);
    // Warm both up.
    await loadPages(withExt, 5, 'warm');
    await loadPages(without, 5, 'warm');
    const result: PageLoadResult = { withoutExtensionMs: [], withExtensionMs: [] };
    for (let b = 0; b < batches; b++) {
      result.withoutExtensionMs.push(...(await loadPages(without, perBatch, `n${b}`)));
      result.withExtensionMs.push(...(await loadPages(withExt, perBatch, `e${b}`)));
    }
    return result;
  } finally {
    await withExt.close();
    await without.close();
    removePolicy();
  }
}

export { median };

export async function withBenchBrowser<T>(fn: (browser: LaunchedBrowser, server: TestServer) => Promise<T>): Promise<T> {
  const server = await startTestServer();
  writePolicy({ keyStage: 'KS2', schoolId: 'BENCH' });
  const browser = await launchBrowser({ server, extensionDir: BENCH_EXTENSION_DIR });
  try {
    await browser.waitForStatus((s) => s.source === 'admin');
    return await fn(browser, server);
  } finally {
    await browser.close();
    await server.close();
    removePolicy();
  }
}
