/**
 * One compile measurement in a fresh process, so heap figures are not polluted by earlier runs.
 * argv: <ours|naive> <synthetic:N|shared>. Prints one JSON line.
 */
import { compileNaive, compileOurs } from './compile-pipelines';
import { sharedLists, syntheticListText, type ListText } from './sources';

const [mode, source] = process.argv.slice(2);
const lists: ListText[] = source?.startsWith('synthetic:')
  ? [{ name: source, category: 'malware', text: syntheticListText(Number(source.slice('synthetic:'.length))) }]
  : sharedLists();

const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const baseHeap = process.memoryUsage().heapUsed;
let peakHeap = baseHeap;
const sample = () => {
  const used = process.memoryUsage().heapUsed;
  if (used > peakHeap) peakHeap = used;
};
const started = performance.now();
const result = (mode === 'naive' ? compileNaive : compileOurs)(lists, sample);
const ms = performance.now() - started;
console.log(JSON.stringify({ mode, source, ...result, ms, linesPerSecond: result.lines / (ms / 1000), peakHeapMB: (peakHeap - baseHeap) / 1048576 }));
