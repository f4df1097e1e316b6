/** One compile or list-pipeline measurement, as the bench worker processes print it (one JSON line). */
export interface CompileFigures {
  mode: string;
  source: string;
  lines: number;
  domains: number;
  rules: number;
  ms: number;
  linesPerSecond: number;
  peakHeapMB: number;
}

/** Numbers for BENCHMARKS.md, grouped the British way. */
export const fmt = (n: number, digits = 0) => n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
