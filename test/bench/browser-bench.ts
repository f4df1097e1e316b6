import type { IncomingMessage, ServerResponse } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { resolvePolicy } from '../../src/core/policy/resolve';
import { blockPageUrlFor } from '../../src/core/blocked-navigation';
import { compileRules } from '../../src/core/rules/compiler';
import type { DnrRule } from '../../src/core/rules/dnr-types';
import { splitRuleTiers } from '../../src/core/rules/tiers';
import { launchBrowser, removePolicy, startTestServer, writePolicy, type LaunchedBrowser, type TestServer } from '../e2e/harness';

/** The build made by `wxt build --mode bench`: production code plus the bench hook. */
export const BENCH_EXTENSION_DIR = resolve(import.meta.dirname, '../../.output/chrome-mv3-bench');

declare const chrome: {
  declarativeNetRequest: { updateDynamicRules(o: { removeRuleIds: number[]; addRules: unknown[] }): Promise<void> };
  storage: { local: { get(key: string): Promise<Record<string, unknown>> } };
};
declare const safeguardBench: {
  installFeed(
    category: string,
    domains: string[],
  ): Promise<{ ms: number; compileMs: number; installMs: number; ruleCount: number; installError: string | null }>;
  settled(): Promise<void>;
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
  // The device's own blocked-page URL, key included, so the bare call sends exactly the same rules.
  const key = (await worker().evaluate(async () => (await chrome.storage.local.get('blockPageKey')).blockPageKey)) as string;
  const blockPageUrl = blockPageUrlFor(`chrome-extension://${browser.extensionId}/blocked.html`, key);
  // The dynamic-tier change (see src/core/rules/tiers.ts): list-scale rules in, restart copy updated.
  const dynamicRules = (rules: DnrRule[]) => {
    const tiers = splitRuleTiers(rules);
    return [...tiers.dynamic, ...tiers.restartCopy];
  };
  const before = dynamicRules(compileRules({ policy: resolved.policy, blockPageUrl }).rules);
  const after = dynamicRules(compileRules({ policy: resolved.policy, feedDomains: { malware: domains }, blockPageUrl }).rules);
  const beforeById = new Map(before.map((r) => [r.id, JSON.stringify(r)]));
  const afterIds = new Set(after.map((r) => r.id));
  const changed = after.filter((r) => beforeById.get(r.id) !== JSON.stringify(r));
  const changedIds = changed.map((r) => r.id);
  const removedIds = before.map((r) => r.id).filter((id) => !afterIds.has(id));
  const removeForBare = [...changedIds.filter((id) => beforeById.has(id)), ...removedIds];
  const restore = before.filter((r) => changedIds.includes(r.id) || removedIds.includes(r.id));

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
      { ids: [...changedIds, ...removedIds], rules: restore },
    );
  }
  return { domains: domains.length, oursMs, oursInstallMs, bareMs };
}

export interface PageLoadResult {
  withoutExtensionMs: number[];
  withExtensionMs: number[];
  /** A minimal extension holding only the declarativeNetRequest permission: Chrome's cost for any DNR filter. */
  dnrFloorMs: number[];
  /** That minimal extension plus one rule: the YouTube-Restrict request header our policy sets. */
  dnrFloorWithHeaderMs: number[];
}

/**
 * Writes a minimal MV3 extension to a temporary folder: `declarativeNetRequest` and host access
 * only, no service worker and no rules unless `youtubeHeader`, in which case one static rule sets
 * the YouTube-Restrict header on YouTube's hosts, as the KS2 policy does.
 */
function referenceExtension(youtubeHeader: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'dnr-reference-'));
  const manifest: Record<string, unknown> = {
    manifest_version: 3,
    name: youtubeHeader ? 'DNR reference: one header rule' : 'DNR reference: no rules',
    version: '1.0',
    permissions: ['declarativeNetRequest'],
    host_permissions: ['<all_urls>'],
  };
  if (youtubeHeader) {
    manifest.declarative_net_request = { rule_resources: [{ id: 'header', enabled: true, path: 'rules.json' }] };
    const rule = {
      id: 1,
      priority: 1,
      action: { type: 'modifyHeaders', requestHeaders: [{ header: 'YouTube-Restrict', operation: 'set', value: 'Strict' }] },
      condition: {
        requestDomains: ['youtube.com', 'm.youtube.com', 'youtubei.googleapis.com', 'youtube.googleapis.com', 'www.youtube-nocookie.com'],
        resourceTypes: ['main_frame', 'sub_frame', 'xmlhttprequest'],
      },
    };
    writeFileSync(join(dir, 'rules.json'), JSON.stringify([rule]));
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

/** A lesson page that loads images and a script from ten other hosts, as real pages do. */
export const LESSON_ROUTE = (req: IncomingMessage, res: ServerResponse): boolean => {
  const url = req.url ?? '/';
  if (url.startsWith('/lesson')) {
    const assets = Array.from({ length: 10 }, (_, i) => `<img src="http://cdn${i}.assets.test/a${i}.png" alt="">`).join('');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(
      `<!doctype html><html lang="en"><title>Lesson</title><h1>Lesson</h1>${assets}<script src="http://js.assets.test/app.js"></script></html>`,
    );
    return true;
  }
  if (url.endsWith('.png') || url.endsWith('.js')) {
    res.writeHead(200, { 'content-type': url.endsWith('.js') ? 'text/javascript' : 'image/png', 'cache-control': 'no-store' });
    res.end(url.endsWith('.js') ? 'void 0;' : '');
    return true;
  }
  return false;
};

/**
 * The lesson page with every response held back `delayMs` first, as a stand-in for the network
 * round trips real pages wait on (the local server otherwise answers in well under a millisecond,
 * so the extension's fixed per-request cost is all there is to see).
 */
export function lessonRouteWithDelay(delayMs: number) {
  if (delayMs <= 0) return LESSON_ROUTE;
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = req.url ?? '/';
    if (!url.startsWith('/lesson') && !url.endsWith('.png') && !url.endsWith('.js')) return false;
    setTimeout(() => LESSON_ROUTE(req, res), delayMs);
    return true;
  };
}

/** Navigation duration (navigation start → load event end) of one fresh lesson page. */
async function loadOnce(page: Page, host: string): Promise<number> {
  await page.goto(`http://${host}/lesson`, { waitUntil: 'load' });
  return page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).duration);
}

/**
 * Page loads with the full KS2 policy (built-in categories plus `domains` installed as a category)
 * against the same Chromium with no extension, and against two reference extensions that show
 * what Chrome itself charges any declarativeNetRequest filter (see referenceExtension). The
 * browsers run side by side and load one page each in turn, the order rotating, so machine load
 * affects all alike.
 */
export async function measurePageLoads(server: TestServer, domains: string[], loads: number): Promise<PageLoadResult> {
  writePolicy({ keyStage: 'KS2', schoolId: 'BENCH-PAGES' });
  const references = [referenceExtension(false), referenceExtension(true)];
  const withExt = await launchBrowser({ server, extensionDir: BENCH_EXTENSION_DIR });
  const without = await launchBrowser({ server, extensionDir: null });
  const floor = await launchBrowser({ server, extensionDir: references[0]!, foreignExtension: true });
  const floorHeader = await launchBrowser({ server, extensionDir: references[1]!, foreignExtension: true });
  try {
    await withExt.waitForStatus((s) => s.source === 'admin');
    await withExt.currentWorker().evaluate(async (list) => safeguardBench.installFeed('malware', list), domains);
    // The restart copy follows in the background and Chrome re-indexes after it: page loads are
    // timed after that, as on a device that has been running (it happens once per list change).
    await withExt.currentWorker().evaluate(async () => safeguardBench.settled());
    await new Promise((done) => setTimeout(done, 3_000));
    const result: PageLoadResult = { withoutExtensionMs: [], withExtensionMs: [], dnrFloorMs: [], dnrFloorWithHeaderMs: [] };
    const lanes: { page: Page; out: number[] }[] = [
      { page: await withExt.context.newPage(), out: result.withExtensionMs },
      { page: await without.context.newPage(), out: result.withoutExtensionMs },
      { page: await floor.context.newPage(), out: result.dnrFloorMs },
      { page: await floorHeader.context.newPage(), out: result.dnrFloorWithHeaderMs },
    ];
    for (let i = 0; i < 10; i++) for (const lane of lanes) await loadOnce(lane.page, `warm-${i}.school.test`);
    for (let i = 0; i < loads; i++) {
      // Rotate which goes first, so none always follows another.
      for (let k = 0; k < lanes.length; k++) {
        const lane = lanes[(i + k) % lanes.length]!;
        lane.out.push(await loadOnce(lane.page, `page-${i}.school.test`));
      }
    }
    return result;
  } finally {
    await withExt.close();
    await without.close();
    await floor.close();
    await floorHeader.close();
    for (const dir of references) rmSync(dir, { recursive: true, force: true });
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
