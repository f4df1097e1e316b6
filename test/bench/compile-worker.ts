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
/** JS heap plus ArrayBuffer backing stores (typed arrays live outside heapUsed). */
const used = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
const baseHeap = used();
let peakHeap = baseHeap;
const sample = () => {
  const now = used();
  if (now > peakHeap) peakHeap = now;
};
const started = performance.now();
const result = (mode === 'naive' ? compileNaive : compileOurs)(lists, sample);
const ms = performance.now() - started;
console.log(
  JSON.stringify({ mode, source, ...result, ms, linesPerSecond: result.lines / (ms / 1000), peakHeapMB: (peakHeap - baseHeap) / 1048576 }),
);
