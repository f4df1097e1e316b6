import { hashInto } from '../hash';

/**
 * Turns a stream of hosts into sorted, de-duplicated, parent-reduced chunks ready to become DNR
 * `requestDomains`, while holding each host only once and compactly:
 *
 * - hosts the over-blocking guard protects are set aside first;
 * - the rest are collected in runs; a full run is sorted by its *reversed* labels (so a parent sorts
 *   straight before its subdomains), reduced, and flattened into one newline-joined string;
 * - at the end the runs are merged (k-way), parent-reduced across runs, filtered by the
 *   and cut into chunks of at most `chunkSize` hosts.
 *
 * Keys use "," between reversed labels: it sorts below every host character ("-", "_", digits,
 * letters), so `com,example` < `com,example,a` < `com,example-b` and a subtree is contiguous.
 */

export interface ListChunk {
  index: number;
  /** Hosts joined by "\n", in reversed-label order. */
  text: string;
  count: number;
  /** Content hash of `text`. */
  hash: string;
  /** Sort keys (reversed labels) of the first and last host: chunks cover disjoint key ranges. */
  first: string;
  last: string;
}

export interface ReduceStats {
  /** Hosts handed in (after parsing). */
  input: number;
  duplicates: number;
  /** Subdomains dropped because a parent is listed (DNR requestDomains covers subdomains). */
  coveredByParent: number;
  /** Hosts the over-blocking guard refused; `suppressedSamples` lists some. */
  suppressed: number;
  suppressedSamples: string[];
  /** Hosts in the chunks. */
  output: number;
}

export interface HostReducer {
  add(host: string): void;
  /** Merges the runs and yields chunks one by one, so a caller can store each and let it go. */
  chunks(): Generator<ListChunk, ReduceStats>;
}

export interface ReducerOptions {
  /** Hosts per chunk; one chunk becomes one pair of DNR rules. */
  chunkSize: number;
  /** Hosts per in-memory sort run. */
  runSize?: number;
  /** Over-blocking guard: `isSuppressed(host)` for hosts no list may block. */
  guard?: (host: string) => boolean;
}

const SEP = ',';
const MAX_SUPPRESSED_SAMPLES = 50;

/** `www.example.com` → `com,example,www`. */
/** `www.example.com` → `com,example,www`. */
export function toKey(host: string): string {
  return host.split('.').reverse().join(SEP);
}

export function fromKey(key: string): string {
  return key.split(SEP).reverse().join('.');
}

/** True when `key` is `parent` or lies in its subtree. */
function isWithin(key: string, parent: string): boolean {
  return key.length >= parent.length && key.startsWith(parent) && (key.length === parent.length || key.charCodeAt(parent.length) === 44);
}

export function createHostReducer(options: ReducerOptions): HostReducer {
  const runSize = options.runSize ?? 200_000;
  const runs: string[] = [];
  let current: string[] = [];
  const stats: ReduceStats = { input: 0, duplicates: 0, coveredByParent: 0, suppressed: 0, suppressedSamples: [], output: 0 };

  const flush = () => {
    if (current.length === 0) return;
    current.sort();
    // Reduce inside the run too: fewer bytes held until the merge.
    const kept: string[] = [];
    let last: string | null = null;
    for (const key of current) {
      if (last !== null && isWithin(key, last)) {
        if (key.length === last.length) stats.duplicates++;
        else stats.coveredByParent++;
        continue;
      }
      kept.push(key);
      last = key;
    }
    current = [];
    runs.push(kept.join('\n'));
  };

  return {
    add(host) {
      stats.input++;
      // Checked before any parent reduction: a suppressed parent must not hide its listed subdomains.
      if (options.guard?.(host)) {
        stats.suppressed++;
        if (stats.suppressedSamples.length < MAX_SUPPRESSED_SAMPLES && !stats.suppressedSamples.includes(host))
          stats.suppressedSamples.push(host);
        return;
      }
      current.push(toKey(host));
      if (current.length >= runSize) flush();
    },
    *chunks() {
      flush();
      const cursors = runs.map((text) => ({ text, at: 0 }));
      runs.length = 0;
      const next = (c: { text: string; at: number }): string | null => {
        if (c.at > c.text.length) return null;
        let end = c.text.indexOf('\n', c.at);
        if (end === -1) end = c.text.length;
        const key = c.text.slice(c.at, end);
        c.at = end + 1;
        return key === '' ? null : key;
      };
      /* eslint-disable @typescript-eslint/no-non-null-assertion --
         The heap holds only indices of runs whose head is not null, and every heap index is below its length. */
      // A binary min-heap of run indices by their head key: log(k) comparisons per host.
      const heads = cursors.map(next);
      const heap: number[] = [];
      const less = (a: number, b: number) => heads[a]! < heads[b]!;
      const siftDown = (from: number) => {
        let i = from;
        for (;;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
          if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
          if (m === i) return;
          [heap[i], heap[m]] = [heap[m]!, heap[i]!];
          i = m;
        }
      };
      heads.forEach((head, i) => {
        if (head !== null) heap.push(i);
      });
      for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(i);
      let out: string[] = [];
      let index = 0;
      let last: string | null = null;
      while (heap.length > 0) {
        const run = heap[0]!;
        const key = heads[run]!;
        const following = next(cursors[run]!);
        if (following === null) {
          heap[0] = heap[heap.length - 1]!;
          heap.pop();
        } else heads[run] = following;
        if (heap.length > 0) siftDown(0);
        /* eslint-enable @typescript-eslint/no-non-null-assertion */
        if (last !== null && isWithin(key, last)) {
          if (key.length === last.length) stats.duplicates++;
          else stats.coveredByParent++;
          continue;
        }
        last = key;
        out.push(fromKey(key));
        if (out.length >= options.chunkSize) {
          yield makeChunk(index++, out);
          stats.output += out.length;
          out = [];
        }
      }
      if (out.length > 0) {
        yield makeChunk(index++, out);
        stats.output += out.length;
      }
      return stats;
    },
  };
}

function makeChunk(index: number, hosts: string[]): ListChunk {
  const text = hosts.join('\n');
  return { index, text, count: hosts.length, hash: hashText(text), first: toKey(hosts[0] ?? ''), last: toKey(hosts.at(-1) ?? '') };
}

/** The two hashes (src/core/hash.ts) of `text`, unsigned; a `seed` goes into the first only. */
export function twoHashes(text: string, seed = ''): [number, number] {
  let a = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) a = Math.imul(a ^ seed.charCodeAt(i), 0x01000193);
  const state = { a, b: 0x01000193 ^ 0x5bd1e995 };
  hashInto(state, text);
  return [state.a >>> 0, state.b >>> 0];
}

/** Two 32-bit hashes plus the length, as text (chunk and list fingerprints). */
export function hashText(text: string, seed = ''): string {
  const [a, b] = twoHashes(text, seed);
  return `${a.toString(36)}.${b.toString(36)}.${text.length.toString(36)}`;
}
