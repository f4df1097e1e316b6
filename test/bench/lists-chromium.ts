/**
 * List install and key-stage switch in real Chromium with the built extension, against the bare
 * browser call (updateDynamicRules with the same domains, same rule shape, from the same worker).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { launchBrowser, removePolicy, startTestServer, writePolicy } from '../e2e/harness';
import { BENCH_EXTENSION_DIR } from './browser-bench';
import { syntheticLine, syntheticPieces } from './lists-pipeline';
import { RULE_ID, SESSION_RULE_ID_BASE } from '../../src/core/rules/rule-ids';

declare const chrome: {
  declarativeNetRequest: {
    updateDynamicRules(o: { removeRuleIds?: number[]; addRules?: unknown[] }): Promise<void>;
    getSessionRules(): Promise<{ id: number }[]>;
    updateSessionRules(o: { removeRuleIds?: number[]; addRules?: unknown[] }): Promise<void>;
  };
  storage: { local: { get(key: string): Promise<Record<string, unknown>> } };
};

const fmt = (n: number, digits = 0) => n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export async function chromiumListBench(count: number): Promise<string[]> {
  const body = Buffer.from([...syntheticPieces(count)].join(''));
  const route = (req: IncomingMessage, res: ServerResponse) => {
    if (!req.url?.startsWith('/bench-feed.txt')) return false;
    res.writeHead(200, { 'content-type': 'text/plain', etag: '"bench"', 'content-length': body.length });
    res.end(body);
    return true;
  };
  const server = await startTestServer([route]);
  const out: string[] = [];
  writePolicy({ keyStage: 'KS3', schoolId: 'URN-bench' });
  // The bench build when `npm run bench` made one, else the normal build.
  const browser = await launchBrowser({ server, ...(existsSync(BENCH_EXTENSION_DIR) ? { extensionDir: BENCH_EXTENSION_DIR } : {}) });
  try {
    await browser.waitForStatus((s) => s.source === 'admin', 60_000);

    // Bare browser call: the same domains and rule shape (a redirect-free pair per 100 000), in
    // the same batches of 1 M domains per call as the extension, straight to Chrome.
    const bareMs = (await browser.currentWorker().evaluate(async (n: number) => {
      const started = performance.now();
      const ids: number[] = [];
      for (let batchStart = 0; batchStart < n; batchStart += 1_000_000) {
        const addRules: unknown[] = [];
        for (let start = batchStart; start < Math.min(n, batchStart + 1_000_000); start += 100_000) {
          const requestDomains: string[] = [];
          for (let i = start; i < Math.min(n, start + 100_000); i++) {
            requestDomains.push(i % 97 === 0 ? `site-${i}.example.com` : `site-${i}.${i % 3 === 0 ? 'example.org' : 'example.com'}`);
          }
          const id = 900_000 + (start / 100_000) * 2;
          ids.push(id, id + 1);
          addRules.push(
            { id, priority: 1, action: { type: 'block' }, condition: { requestDomains, resourceTypes: ['main_frame', 'sub_frame'] } },
            { id: id + 1, priority: 1, action: { type: 'block' }, condition: { requestDomains, resourceTypes: ['image'] } },
          );
        }
        await chrome.declarativeNetRequest.updateDynamicRules({ addRules });
      }
      const ms = performance.now() - started;
      await chrome.declarativeNetRequest.updateDynamicRules({ removeRuleIds: ids });
      return ms;
    }, count)) as number;

    const lists = [{ category: 'gambling', url: 'https://lists.safeguard-bench.test/bench-feed.txt', format: 'domains' }];
    let started = performance.now();
    writePolicy({ keyStage: 'KS3', schoolId: 'URN-bench', lists });
    await browser.reloadPolicy();
    const installed = await browser.waitForStatus((s) => s.lists?.[0]?.domains === count || Boolean(s.installError), 900_000);
    const endToEnd = performance.now() - started;
    const visit = await browser.visit(`http://${syntheticLine(count - 1).toLowerCase()}/`);
    const enforced = visit.finalUrl.startsWith('chrome-extension://');
    await visit.page.close();

    // The floor for any change while the lists are installed: a one-rule dynamic update.
    const tinyMs = (await browser.currentWorker().evaluate(async () => {
      const started = performance.now();
      await chrome.declarativeNetRequest.updateDynamicRules({
        addRules: [
          { id: 899_999, priority: 1, action: { type: 'block' }, condition: { requestDomains: ['tiny.test'], resourceTypes: ['image'] } },
        ],
      });
      const ms = performance.now() - started;
      await chrome.declarativeNetRequest.updateDynamicRules({ removeRuleIds: [899_999] });
      return ms;
    })) as number;

    // The bare call a switch needs: swapping the session tier (here: the same rules back) at once.
    const bareSessionMs = (await browser.currentWorker().evaluate(async (base: number) => {
      const rules = (await chrome.declarativeNetRequest.getSessionRules()).filter((r) => r.id < base);
      const started = performance.now();
      await chrome.declarativeNetRequest.updateSessionRules({ removeRuleIds: rules.map((r) => r.id), addRules: rules });
      return performance.now() - started;
    }, SESSION_RULE_ID_BASE)) as number;
    const restartCopy = () =>
      browser
        .currentWorker()
        .evaluate(
          async () => (await chrome.storage.local.get('restartCopy')).restartCopy as { state: string; at: string; ms?: number } | undefined,
        );
    // Let the first install's copy settle, so the switch is measured from a quiet state.
    for (let i = 0; i < 600 && (await restartCopy())?.state !== 'current'; i++) await new Promise((r) => setTimeout(r, 500));

    started = performance.now();
    writePolicy({ keyStage: 'KS4', schoolId: 'URN-bench', lists });
    await browser.reloadPolicy();
    // In force: the session tier carries KS4's YouTube setting (Moderate), read from the DNR API itself.
    let sessionWall = NaN;
    for (let i = 0; i < 3000; i++) {
      const youtube = (await browser.currentWorker().evaluate(async (id: number) => {
        const rule = (await chrome.declarativeNetRequest.getSessionRules()).find((r) => r.id === id) as
          { action?: { requestHeaders?: { value?: string }[] } } | undefined;
        return rule?.action?.requestHeaders?.[0]?.value ?? null;
      }, RULE_ID.YOUTUBE_RESTRICT)) as string | null;
      if (youtube === 'Moderate') {
        sessionWall = performance.now() - started;
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    const switched = await browser.waitForStatus((s) => s.lastRuleChange?.keyStage === 'KS4', 300_000);
    const switchWall = performance.now() - started;
    const enforcedVisit = await browser.visit(`http://${syntheticLine(count - 2).toLowerCase()}/`);
    const stillEnforced = enforcedVisit.finalUrl.startsWith('chrome-extension://');
    await enforcedVisit.page.close();
    let copy = await restartCopy();
    for (let i = 0; i < 600 && copy?.state !== 'current'; i++) {
      await new Promise((r) => setTimeout(r, 500));
      copy = await restartCopy();
    }
    const copyWall = performance.now() - started;

    out.push(`### Chromium: ${fmt(count)}-domain feed (built extension, real browser)`);
    out.push('');
    out.push('| measurement | ms | ratio to bare call |');
    out.push('|---|---:|---:|');
    out.push(
      `| bare browser call: updateDynamicRules, ${count / 100_000} rule pairs of 100 000 domains, 1 M per call | ${fmt(bareMs)} | 1 |`,
    );
    out.push(
      `| ours: install of the downloaded chunks (read from IndexedDB + updateDynamicRules) | ${fmt(installed.lastInstall?.ms ?? NaN)} | ${fmt((installed.lastInstall?.ms ?? NaN) / bareMs, 2)} |`,
    );
    out.push(`| ours: policy → download, parse, store, install, enforced (end to end) | ${fmt(endToEnd)} | ${fmt(endToEnd / bareMs, 2)} |`);
    out.push(
      `| ours: key-stage switch KS3 → KS4, engine refresh: policy read to new rules in force (chunks re-sent: ${switched.lastRuleChange?.chunkRulesSent ?? '?'}) | ${fmt(switched.lastRuleChange?.ms ?? NaN)} | ${fmt((switched.lastRuleChange?.ms ?? NaN) / bareMs, 4)} |`,
    );
    out.push(
      `| bare browser call: updateSessionRules swapping the session tier's rules, with the list installed | ${fmt(bareSessionMs, 1)} | |`,
    );
    out.push(
      `| bare browser call: a one-rule updateDynamicRules with the list installed (Chrome re-indexes the dynamic ruleset; what a switch cost before the session tier) | ${fmt(tinyMs)} | |`,
    );
    out.push(
      `| key-stage switch wall time incl. Chromium's policy reload: new session rules seen through the DNR API | ${fmt(sessionWall)} | |`,
    );
    out.push(`| key-stage switch wall time incl. Chromium's policy reload: status page updated | ${fmt(switchWall)} | |`);
    out.push(
      `| restart copy rewritten in the background after the switch (wall time from the switch; not waited for) | ${fmt(copyWall)} | |`,
    );
    out.push('');
    out.push(
      `Rules installed: ${installed.ruleCount}; install error: ${installed.installError ?? 'none'}; last domain enforced: ${enforced ? 'yes' : 'NO'}; still enforced right after the switch: ${stillEnforced ? 'yes' : 'NO'}; restart copy: ${copy?.state ?? 'unknown'}.`,
    );
    out.push('');
  } finally {
    await browser.close();
    await server.close();
    removePolicy();
  }
  return out;
}
