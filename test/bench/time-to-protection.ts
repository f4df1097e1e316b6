/**
 * "Time to protection" (README: Always in force): how long a pupil browsing without a pause can
 * reach a blocked host after the event that needs the filter, in Debian's Chromium with the bench
 * build, against bare-browser figures measured in the same run:
 * - first install: ours; no extension; an extension whose worker installs the same rules once
 *   Chrome answers storage.managed.get() (the design before this one); the same rules as a static
 *   ruleset (Chrome's floor for any extension);
 * - browser restart: ours; an extension holding the same rules as dynamic rules;
 * - policy change after start-up: Chrome's delivery (chrome://policy's reload to the extension
 *   reading the new policy), ours (that read to the new rules in force), a bare updateSessionRules.
 * A tab navigates every BROWSE_EVERY_MS throughout, alternating blocked and ordinary hosts; the
 * test server counts the requests that reached blocked hosts.
 *   npm run build && npx wxt build --mode bench && npx tsx test/bench/time-to-protection.ts
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileRules } from '../../src/core/rules/compiler';
import type { DnrRule } from '../../src/core/rules/dnr-types';
import { browseContinuously } from '../e2e/browsing';
import {
  EXTENSION_ID,
  launchBrowser,
  removePolicy,
  startTestServer,
  writePolicy,
  type LaunchedBrowser,
  type TestServer,
} from '../e2e/harness';
import { policyFor } from '../fixtures/policy';
import { BENCH_EXTENSION_DIR } from './browser-bench';
import { fmt } from './figures';

declare const chrome: {
  declarativeNetRequest: { updateSessionRules(o: { removeRuleIds?: number[]; addRules?: unknown[] }): Promise<void> };
  developerPrivate: {
    updateProfileConfiguration(o: { inDeveloperMode: boolean }): Promise<void>;
    reload(id: string, o: { failQuietly: boolean }): Promise<void>;
  };
};

const BROWSE_EVERY_MS = 100;
const WINDOW_MS = 8_000;
const BLOCKED = ['school-blocked.test', 'www.bet365.com'];
const BROWSING = ['http://school-blocked.test/', 'http://ordinary-site.test/', 'http://www.bet365.com/', 'http://ordinary-site.test/2'];
const POLICY = { keyStage: 'KS2', schoolId: 'URN-bench-ttp', blockDomains: ['school-blocked.test'] };

/** What got through while a tab browsed from `since`: requests that reached blocked hosts, and until when. */
interface Exposure {
  navigations: number;
  through: number;
  /** From the first navigation to the last request that reached a blocked host (0: none did). */
  unprotectedMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function browseAndCount(server: TestServer, browser: LaunchedBrowser, ms = WINDOW_MS): Promise<Exposure> {
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  const since = Date.now();
  const browsing = browseContinuously(page, BROWSING, BROWSE_EVERY_MS);
  await sleep(ms);
  const visits = await browsing.stop();
  const through = BLOCKED.flatMap((host) => server.requestsTo(host)).filter((r) => r.at >= since);
  const first = since + (visits[0]?.at ?? 0);
  return {
    navigations: visits.length,
    through: through.length,
    unprotectedMs: through.length === 0 ? 0 : Math.max(...through.map((r) => r.at)) - first,
  };
}

/** The policy's rules as this extension writes them, for the reference extensions (same ID, same blocked page). */
function policyRules(): DnrRule[] {
  return compileRules({ policy: policyFor(POLICY), blockPageUrl: `chrome-extension://${EXTENSION_ID}/blocked.html` }).rules;
}

/**
 * A reference extension with this extension's key (so the same ID, policy and blocked-page URL):
 * `static` holds the rules as an enabled static ruleset; `waits` installs them as session rules
 * once Chrome answers storage.managed.get(); `dynamic` installs them as dynamic rules when installed.
 */
function referenceExtension(kind: 'static' | 'waits' | 'dynamic'): string {
  const dir = mkdtempSync(join(tmpdir(), `ttp-${kind}-`));
  const ours = JSON.parse(readFileSync(join(BENCH_EXTENSION_DIR, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  const rules = policyRules();
  cpSync(join(BENCH_EXTENSION_DIR, 'managed_schema.json'), join(dir, 'managed_schema.json'));
  writeFileSync(join(dir, 'blocked.html'), '<!doctype html><title>Blocked</title><h1>Blocked</h1>');
  const manifest: Record<string, unknown> = {
    manifest_version: 3,
    name: `Time to protection reference: ${kind}`,
    version: '1.0',
    key: ours.key,
    permissions: ['declarativeNetRequest', 'storage'],
    host_permissions: ['<all_urls>'],
    storage: { managed_schema: 'managed_schema.json' },
    web_accessible_resources: [{ resources: ['blocked.html'], matches: ['<all_urls>'] }],
  };
  if (kind === 'static') {
    manifest.declarative_net_request = { rule_resources: [{ id: 'policy', enabled: true, path: 'rules.json' }] };
    writeFileSync(join(dir, 'rules.json'), JSON.stringify(rules));
  } else {
    manifest.background = { service_worker: 'background.js' };
    const install =
      kind === 'waits'
        ? 'chrome.storage.managed.get().then(() => chrome.declarativeNetRequest.updateSessionRules({ addRules: RULES }));'
        : 'chrome.runtime.onInstalled.addListener(() => chrome.declarativeNetRequest.getDynamicRules().then((old) => chrome.declarativeNetRequest.updateDynamicRules({ removeRuleIds: old.map((r) => r.id), addRules: RULES })));';
    writeFileSync(join(dir, 'background.js'), `const RULES = ${JSON.stringify(rules)};\n${install}\n`);
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

/** A fresh profile with `extensionDir` (null: none), browsed from the moment the browser is up. */
async function firstInstall(server: TestServer, extensionDir: string | null, ours: boolean): Promise<Exposure> {
  const browser = await launchBrowser({ server, extensionDir: ours ? BENCH_EXTENSION_DIR : extensionDir, foreignExtension: !ours });
  try {
    return await browseAndCount(server, browser);
  } finally {
    await browser.close();
  }
}

/** Installs, lets the rules settle, restarts the browser on the same profile, and browses at once. */
async function restart(server: TestServer, extensionDir: string, ours: boolean): Promise<Exposure> {
  const profile = mkdtempSync(join(tmpdir(), 'ttp-profile-'));
  try {
    const first = await launchBrowser({ server, extensionDir, userDataDir: profile, foreignExtension: !ours });
    if (ours) await first.waitForStatus((s) => s.source === 'admin', 60_000);
    await sleep(2_000);
    await first.close();
    const again = await launchBrowser({ server, extensionDir, userDataDir: profile, foreignExtension: !ours });
    try {
      return await browseAndCount(server, again);
    } finally {
      await again.close();
    }
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * An update applied while the browser runs, as Chrome applies one when the worker is idle: the
 * version in the folder is bumped and the extension reloaded (chrome://extensions, developer mode,
 * which unpacked extensions need to reload), the tab browsing throughout. Chrome unloads the old
 * version and loads the new one; the figure is what gets through in between.
 */
async function updateWhileRunning(server: TestServer, sourceDir: string, ours: boolean): Promise<Exposure> {
  const work = mkdtempSync(join(tmpdir(), 'ttp-update-'));
  const dir = join(work, 'extension');
  cpSync(sourceDir, dir, { recursive: true });
  const browser = await launchBrowser({ server, extensionDir: dir, userDataDir: join(work, 'profile'), foreignExtension: !ours });
  try {
    if (ours) await browser.waitForStatus((s) => s.source === 'admin', 60_000);
    const extensions = await browser.context.newPage();
    await extensions.goto('chrome://extensions');
    await extensions.evaluate(() => chrome.developerPrivate.updateProfileConfiguration({ inDeveloperMode: true }));
    await sleep(2_000);
    const manifestFile = join(dir, 'manifest.json');
    writeFileSync(manifestFile, JSON.stringify({ ...(JSON.parse(readFileSync(manifestFile, 'utf8')) as object), version: '99.0.0' }));
    const counting = browseAndCount(server, browser, 5_000);
    await sleep(1_000);
    await extensions.evaluate((id) => chrome.developerPrivate.reload(id, { failQuietly: true }), EXTENSION_ID);
    return await counting;
  } finally {
    await browser.close();
    rmSync(work, { recursive: true, force: true });
  }
}

interface PolicyChange {
  deliveryMs: number;
  inForceMs: number;
  bareSessionUpdateMs: number;
  /** Navigations to the newly blocked host begun after the new rules were in force that reached it. */
  through: number;
  /** Requests that arrived after that moment all the same: navigations begun before it, still in flight. */
  inFlight: number;
}

/** A policy change after start-up, the tab browsing throughout; the newly blocked host is counted. */
async function policyChange(server: TestServer, rounds: number): Promise<PolicyChange[]> {
  const browser = await launchBrowser({ server, extensionDir: BENCH_EXTENSION_DIR });
  const out: PolicyChange[] = [];
  try {
    await browser.waitForStatus((s) => s.source === 'admin', 60_000);
    for (let round = 0; round < rounds; round++) {
      const host = `later-blocked-${round}.test`;
      const page = browser.context.pages()[0] ?? (await browser.context.newPage());
      const browsing = browseContinuously(page, [`http://${host}/`, 'http://ordinary-site.test/'], BROWSE_EVERY_MS);
      await sleep(500);
      writePolicy({ ...POLICY, blockDomains: [...POLICY.blockDomains, host] });
      const asked = Date.now();
      await browser.reloadPolicy();
      const status = await browser.waitForStatus(
        (s) => s.schoolBlock === 2 && s.policyReceivedAt !== null && Date.parse(s.policyReceivedAt) >= asked,
      );
      await sleep(1_000);
      const visits = await browsing.stop();
      const received = Date.parse(status.policyReceivedAt ?? '');
      const inForce = Date.parse(status.inForceSince);
      const bareSessionUpdateMs = await browser.currentWorker().evaluate(async () => {
        const rule = {
          id: 999_999,
          priority: 1,
          action: { type: 'block' },
          condition: { requestDomains: ['bare.test'], resourceTypes: ['main_frame'] },
        };
        const started = performance.now();
        await chrome.declarativeNetRequest.updateSessionRules({ addRules: [rule] });
        const ms = performance.now() - started;
        await chrome.declarativeNetRequest.updateSessionRules({ removeRuleIds: [999_999] });
        return ms;
      });
      out.push({
        deliveryMs: received - asked,
        inForceMs: inForce - received,
        bareSessionUpdateMs,
        through: visits.filter((v) => v.url.includes(host) && browsing.startedAt + v.at > inForce && v.outcome === 'served').length,
        inFlight: server.requestsTo(host).filter((r) => r.at > inForce).length,
      });
      writePolicy(POLICY);
      await browser.reloadPolicy();
      await browser.waitForStatus((s) => s.schoolBlock === 1);
    }
    return out;
  } finally {
    await browser.close();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const row = (label: string, e: Exposure) => `| ${label} | ${e.navigations} | ${e.through} | ${fmt(e.unprotectedMs)} |`;
/** Several rounds added up. */
const total = (rounds: Exposure[]) => ({
  navigations: rounds.reduce((sum, e) => sum + e.navigations, 0),
  through: rounds.reduce((sum, e) => sum + e.through, 0),
});
const UPDATE_ROUNDS = 3;

async function timeToProtectionSection(): Promise<string> {
  const server = await startTestServer();
  const references = { static: referenceExtension('static'), waits: referenceExtension('waits'), dynamic: referenceExtension('dynamic') };
  writePolicy(POLICY);
  try {
    const install = {
      ours: await firstInstall(server, null, true),
      none: await firstInstall(server, null, false),
      waits: await firstInstall(server, references.waits, false),
      static: await firstInstall(server, references.static, false),
    };
    console.error(`first install: ours ${JSON.stringify(install.ours)}, waits ${JSON.stringify(install.waits)}`);
    const restarts = { ours: await restart(server, BENCH_EXTENSION_DIR, true), dynamic: await restart(server, references.dynamic, false) };
    console.error(`restart: ours ${JSON.stringify(restarts.ours)}, dynamic ${JSON.stringify(restarts.dynamic)}`);
    const updates = { ours: [] as Exposure[], static: [] as Exposure[] };
    for (let round = 0; round < UPDATE_ROUNDS; round++) {
      updates.ours.push(await updateWhileRunning(server, BENCH_EXTENSION_DIR, true));
      updates.static.push(await updateWhileRunning(server, references.static, false));
    }
    console.error(`update while running: ${JSON.stringify(updates)}`);
    const changes = await policyChange(server, 5);
    console.error(`policy change: ${JSON.stringify(changes)}`);
    return [
      '## Time to protection (Always in force)',
      '',
      `A tab navigates every ${BROWSE_EVERY_MS} ms from the moment the browser is up, alternating a blocked host (school \`blockDomains\`, a gambling site) and an ordinary one, for ${WINDOW_MS / 1000} s; the test server counts the requests that reached a blocked host. Unprotected window: from the first navigation to the last request that reached a blocked host. Debian's Chromium, headless; a KS2 policy in \`/etc/chromium/policies/managed\`. The reference extensions carry this extension's key (same ID, same policy, same blocked page) and the same compiled rules.`,
      '',
      '| First install | Navigations | Requests that reached a blocked host | Unprotected ms (target 0) |',
      '|---|---:|---:|---:|',
      row('**This extension**', install.ours),
      row('No extension', install.none),
      row(
        'The same rules, installed by the worker once Chrome answers `storage.managed.get()` (the design before this one)',
        install.waits,
      ),
      row('The same rules as an enabled static ruleset (the floor for any extension)', install.static),
      '',
      '| Browser restart (same profile, browsed from launch) | Navigations | Requests that reached a blocked host | Unprotected ms (target 0) |',
      '|---|---:|---:|---:|',
      row('**This extension**', restarts.ours),
      row('The same rules as dynamic rules', restarts.dynamic),
      '',
      `| Extension update while the browser runs (${UPDATE_ROUNDS} rounds of 5 s each, added up) | Navigations | Requests that reached a blocked host |`,
      '|---|---:|---:|',
      ...(
        [
          ['**This extension**', total(updates.ours)],
          ['The same rules as an enabled static ruleset', total(updates.static)],
        ] as const
      ).map(([label, e]) => `| ${label} | ${e.navigations} | ${e.through} |`),
      '',
      `| Policy change after start-up (${changes.length} rounds, medians) | ms |`,
      '|---|---:|',
      `| Chrome's delivery: chrome://policy "Reload policies" → the extension has read the new policy | ${fmt(median(changes.map((c) => c.deliveryMs)))} |`,
      `| **This extension: read → new rules in force** (target ≤ 100) | **${fmt(median(changes.map((c) => c.inForceMs)))}** (max ${fmt(Math.max(...changes.map((c) => c.inForceMs)))}) |`,
      `| Bare \`updateSessionRules\` with one rule, same browser | ${fmt(median(changes.map((c) => c.bareSessionUpdateMs)), 1)} |`,
      `| Navigations to the newly blocked host begun after the new rules were in force that reached it (all rounds) | ${changes.reduce((sum, c) => sum + c.through, 0)} |`,
      `| Requests that reached it after that moment all the same (navigations begun before it, still in flight; all rounds) | ${changes.reduce((sum, c) => sum + c.inFlight, 0)} |`,
      '',
      "The restart here is Chromium relaunched on the same profile with `--load-extension`, which Chrome treats as reloading the extension: session rules gone, dynamic rules kept, enabled static rulesets reset to the manifest (as after an extension update). On a force-installed extension a restart keeps the enabled set instead; the restart copy (dynamic rules) then protects alone. An update while the browser runs: Chrome unloads the old version and loads the new one, and for a moment in between none of an extension's rules apply (in exploratory runs here, a navigation every 100 ms, an extension with one static and one dynamic rule let 2 requests through in 2 runs of 3, once past each kind of rule); how often a pupil can hit that moment is what the row above samples.",
    ].join('\n');
  } finally {
    await server.close();
    removePolicy();
    for (const dir of Object.values(references)) rmSync(dir, { recursive: true, force: true });
  }
}

console.log(await timeToProtectionSection());
