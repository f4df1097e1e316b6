/**
 * List-pipeline measurements in a fresh Node process (run with --expose-gc), so heap figures are
 * not polluted by other runs. argv: <ours|naive> <synthetic:N | shared>. Prints one JSON line per
 * list. Peak heap = highest `heapUsed` sampled during the run minus the figure after a full GC
 * at its start; the naive pipeline's downloaded text is counted, since that design must hold it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { piecesOf, runNaive, runOurs, syntheticPieces } from './lists-pipeline';
import { SHARED_LISTS_DIR } from './sources';

const [mode, source] = process.argv.slice(2) as ['ours' | 'naive', string];
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function sharedFiles(): string[] {
  if (!existsSync(SHARED_LISTS_DIR)) return [];
  return readdirSync(SHARED_LISTS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'LICENSES')
    .flatMap((d) =>
      readdirSync(join(SHARED_LISTS_DIR, d.name))
        .filter((f) => f.endsWith('.txt'))
        .map((f) => join(d.name, f)),
    )
    .sort();
}

function measure(name: string, run: (sample: () => void) => ReturnType<typeof runOurs>, heldText: number) {
  gc();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const sample = () => {
    const used = process.memoryUsage().heapUsed;
    if (used > peak) peak = used;
  };
  const started = performance.now();
  const result = run(sample);
  const ms = performance.now() - started;
  sample();
  console.log(
    JSON.stringify({
      mode,
      source: name,
      ...result,
      ms,
      linesPerSecond: result.lines / (ms / 1000),
      peakHeapMB: (peak - base + heldText) / 1048576,
    }),
  );
}

if (source.startsWith('synthetic:')) {
  const count = Number(source.slice('synthetic:'.length));
  if (mode === 'naive') {
    const text = [...syntheticPieces(count)].join('');
    measure(source, (sample) => runNaive(text, sample), text.length);
  } else measure(source, (sample) => runOurs(syntheticPieces(count), 'domains', sample), 0);
} else {
  for (const file of sharedFiles()) {
    const path = join(SHARED_LISTS_DIR, file);
    if (mode === 'naive') {
      const text = readFileSync(path, 'utf8');
      measure(file, (sample) => runNaive(text, sample), text.length);
    } else {
      // Ours reads the file in pieces as it would arrive from the network.
      measure(file, (sample) => runOurs(piecesOf(readFileSync(path, 'utf8')), 'domains', sample), 0);
    }
  }
}
