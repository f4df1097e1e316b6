/**
 * List-scale benchmark (issue 5). Prints figures; `npm run bench` (test/bench/run.ts) calls
 * `runListBenchmarks()` and writes them to BENCHMARKS.md.
 *
 * 1. Every file in ../shared/lists and a 5 M-domain synthetic list through our streaming pipeline
 *    and the naive baseline, each in its own Node process: lines/s, peak heap, domains, rules.
 *    Run: `npx tsx test/bench/lists.ts [--no-chromium]` (the Chromium part needs a build).
 *    Ours runs the 5 M list with V8's old space capped at 150 MB, so "under 150 MB" is checked by
 *    V8 itself, not only sampled.
 * 2. Key-stage switch with unchanged 5 M-domain lists (compile + update plan), ours (chunk hashes)
 *    against the naive path (hosts in the compiler, every rule JSON-fingerprinted).
 * 3. In Chromium (built extension): a 5 M-domain feed from the test server until enforced, then a
 *    key-stage switch, against the bare browser call (updateDynamicRules with the same domains).
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { resolvePolicy, type EffectivePolicy } from '../../src/core/policy/resolve';
import { compileRules, type ListChunkRef } from '../../src/core/rules/compiler';
import { planRuleUpdate } from '../../src/core/rules/update-plan';
import { fmt, type CompileFigures } from './figures';
import { syntheticPieces } from './lists-pipeline';

const WORKER = resolve(import.meta.dirname, 'lists-worker.ts');
const SYNTHETIC = 5_000_000;

type Row = CompileFigures;

function runWorker(mode: 'ours' | 'naive', source: string, heapMB: number): Row[] | string {
  try {
    const out = execFileSync(process.execPath, ['--expose-gc', `--max-old-space-size=${heapMB}`, '--import', 'tsx', WORKER, mode, source], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return out
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Row);
  } catch (error) {
    return `failed (${String((error as { stderr?: string }).stderr ?? error).match(/heap out of memory|Error[^\n]*/)?.[0] ?? 'error'})`;
  }
}

function policy(keyStage: string): EffectivePolicy {
  const result = resolvePolicy({ keyStage });
  if (result.kind !== 'valid') throw new Error('bench policy invalid');
  return result.policy;
}

/** Key-stage switch KS3 → KS4 with a 5 M-domain gambling list, in Node. Returns milliseconds. */
function switchTimes(): { ours: number; naive: number } {
  const blockPageUrl = 'chrome-extension://bench/blocked.html';
  const chunks: ListChunkRef[] = Array.from({ length: SYNTHETIC / 100_000 }, (_, i) => ({
    key: `bench/1/${i}`,
    hash: `h${i}`,
    count: 100_000,
  }));
  const first = compileRules({ policy: policy('KS3'), blockPageUrl, listChunks: { gambling: chunks } });
  const applied = planRuleUpdate(null, [], first.rules, first.chunkRules).fingerprints;
  let started = performance.now();
  const next = compileRules({ policy: policy('KS4'), blockPageUrl, listChunks: { gambling: chunks } });
  const plan = planRuleUpdate(applied, [], next.rules, next.chunkRules);
  const ours = performance.now() - started;
  if (plan.addChunkRules.length !== 0) throw new Error('chunks were re-sent');

  const hosts = [...syntheticPieces(SYNTHETIC)]
    .join('')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.toLowerCase());
  const naiveFirst = compileRules({ policy: policy('KS3'), blockPageUrl, feedDomains: { gambling: hosts } });
  const naiveApplied = planRuleUpdate(null, [], naiveFirst.rules).fingerprints;
  started = performance.now();
  const naiveNext = compileRules({ policy: policy('KS4'), blockPageUrl, feedDomains: { gambling: hosts } });
  planRuleUpdate(naiveApplied, [], naiveNext.rules);
  return { ours, naive: performance.now() - started };
}

export async function runListBenchmarks(options: { chromium?: boolean } = {}): Promise<string> {
  const lines: string[] = [];
  const say = (text: string) => {
    lines.push(text);
    console.log(text);
  };

  say('## List feeds at scale (issue 5)');
  say('');
  say('### List feeds: parse, normalise, reduce (Node, one process per pipeline)');
  say('');
  const oursShared = runWorker('ours', 'shared', 512);
  const naiveShared = runWorker('naive', 'shared', 2048);
  if (typeof oursShared === 'string' || typeof naiveShared === 'string' || oursShared.length === 0) {
    say(`../shared/lists: not available or failed (${String(oursShared).slice(0, 80)})`);
  } else {
    const total = (rows: Row[]) => ({
      lines: rows.reduce((s, r) => s + r.lines, 0),
      domains: rows.reduce((s, r) => s + r.domains, 0),
      rules: rows.reduce((s, r) => s + r.rules, 0),
      ms: rows.reduce((s, r) => s + r.ms, 0),
      peak: Math.max(...rows.map((r) => r.peakHeapMB)),
    });
    const o = total(oursShared);
    const n = total(naiveShared);
    say(
      `| ../shared/lists (${oursShared.length} files) | lines | domains kept | rules | time ms | lines/s | peak heap MB (largest file) |`,
    );
    say('|---|---:|---:|---:|---:|---:|---:|');
    say(
      `| ours (streamed) | ${fmt(o.lines)} | ${fmt(o.domains)} | ${fmt(o.rules)} | ${fmt(o.ms)} | ${fmt(o.lines / (o.ms / 1000))} | ${fmt(o.peak, 1)} |`,
    );
    say(
      `| naive | ${fmt(n.lines)} | ${fmt(n.domains)} | ${fmt(n.rules)} | ${fmt(n.ms)} | ${fmt(n.lines / (n.ms / 1000))} | ${fmt(n.peak, 1)} |`,
    );
    say(`| ratio ours/naive | | | | ${fmt(o.ms / n.ms, 2)} | | ${fmt(o.peak / n.peak, 2)} |`);
    say('');
    say('<details><summary>Per file (ours): lines → domains kept / rules / ms / peak heap MB</summary>');
    say('');
    for (const row of oursShared)
      say(`- ${row.source}: ${fmt(row.lines)} → ${fmt(row.domains)} / ${row.rules} / ${fmt(row.ms)} / ${fmt(row.peakHeapMB, 1)}`);
    say('');
    say('</details>');
    say('');
    say(
      'Ours keeps fewer domains than naive where a file lists subdomains of listed parents, or essential sites the over-blocking guard suppresses.',
    );
    say('');
  }

  const ours5m = runWorker('ours', `synthetic:${SYNTHETIC}`, 150);
  const naive5m = runWorker('naive', `synthetic:${SYNTHETIC}`, 4096);
  say(`| ${fmt(SYNTHETIC)}-domain synthetic list | lines/s | domains | rules | time ms | peak heap MB | V8 heap cap |`);
  say('|---|---:|---:|---:|---:|---:|---|');
  for (const [name, rows, cap] of [
    ['ours (streamed)', ours5m, '150 MB'],
    ['naive', naive5m, '4 GB'],
  ] as const) {
    if (typeof rows === 'string') say(`| ${name} | ${rows} | | | | | ${cap} |`);
    else
      for (const r of rows)
        say(`| ${name} | ${fmt(r.linesPerSecond)} | ${fmt(r.domains)} | ${r.rules} | ${fmt(r.ms)} | ${fmt(r.peakHeapMB, 1)} | ${cap} |`);
  }
  if (typeof ours5m !== 'string' && typeof naive5m !== 'string') {
    say(
      `| ratio ours/naive | ${fmt(ours5m[0]!.linesPerSecond / naive5m[0]!.linesPerSecond, 2)} | | | ${fmt(ours5m[0]!.ms / naive5m[0]!.ms, 2)} | ${fmt(ours5m[0]!.peakHeapMB / naive5m[0]!.peakHeapMB, 2)} | |`,
    );
  }
  say('');

  const switched = switchTimes();
  say(`### Key-stage switch with an unchanged ${fmt(SYNTHETIC)}-domain list (compile + update plan, Node)`);
  say('');
  say('| path | ms | ratio to naive |');
  say('|---|---:|---:|');
  say(`| ours (chunk hashes) | ${fmt(switched.ours, 1)} | ${fmt(switched.ours / switched.naive, 4)} |`);
  say(`| naive (hosts in the compiler, JSON fingerprints) | ${fmt(switched.naive, 1)} | 1 |`);
  say('');

  if (options.chromium) {
    const { chromiumListBench } = await import('./lists-chromium');
    for (const line of await chromiumListBench(SYNTHETIC)) say(line);
  }
  return lines.join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  // Chromium part on by default (npm run bench runs this file with no arguments).
  await runListBenchmarks({ chromium: !process.argv.includes('--no-chromium') });
}
