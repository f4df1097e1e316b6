/* eslint-disable @typescript-eslint/no-non-null-assertion --
   A typed-array kernel: every index below is bounded by its loop or by the sort's own counts, and a
   check per access would cost the list-scale compile target (README: List-scale compiling). */
/**
 * A de-duplicating set of host names built for list-scale input (millions of lines).
 *
 * A JS `Set<string>` needs a string per line and hashes every one of them. This table instead
 * hashes each host while validating it in one right-to-left character scan (so the hash of the
 * parent suffix comes for free) and stores only offsets into the list text. It keeps no hash table
 * while lines arrive: at millions of entries every probe of one is a cache miss. Instead the
 * hashes are radix-sorted once at the end, duplicates are then neighbours, and "is the parent
 * listed?" is a cache-sized bit filter and, rarely, a binary search. Strings are created only for
 * the hosts that are kept.
 */

/** Why a line was not added (counted by the caller). */
export type LineRejection = 'not-a-host' | 'ip-literal' | 'single-label' | 'public-suffix' | 'bad-label' | 'too-long';

const MAX_HOST_LENGTH = 253;
const MAX_LABEL_LENGTH = 63;
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 16777619;
const SECOND_OFFSET = 0x3c6ef372 | 0;
const SECOND_PRIME = 0x5bd1e995 | 0;

/** Lower-case a char code if it is A–Z. */
function lower(c: number): number {
  return c >= 65 && c <= 90 ? c | 0x20 : c;
}

/** The table's first hash of a host: FNV-1a over its lower-cased characters, right to left. */
export function hostHash(text: string): number {
  let h = FNV_OFFSET;
  for (let i = text.length - 1; i >= 0; i--) h = Math.imul(h ^ lower(text.charCodeAt(i)), FNV_PRIME);
  return h;
}

/**
 * Entry indices ordered by unsigned hash, and both hashes in that order: a stable LSD radix sort
 * that moves the keys with the indices, so every pass reads sequentially.
 */
function sortByHash(
  hashes: Int32Array,
  hashes2: Int32Array,
  count: number,
): { order: Int32Array; sorted: Uint32Array; sorted2: Int32Array } {
  let order = new Int32Array(count);
  let keys = new Uint32Array(count);
  let keys2 = new Int32Array(count);
  let nextOrder = new Int32Array(count);
  let nextKeys = new Uint32Array(count);
  let nextKeys2 = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    order[i] = i;
    keys[i] = hashes[i]!;
    keys2[i] = hashes2[i]!;
  }
  // Three passes of 11, 11 and 10 bits: the bucket counts stay in the first-level cache.
  const counts = new Int32Array(2048);
  for (let shift = 0; shift < 32; shift += 11) {
    const mask = shift === 22 ? 1023 : 2047;
    counts.fill(0);
    for (let i = 0; i < count; i++) counts[(keys[i]! >>> shift) & mask]!++;
    let sum = 0;
    for (let b = 0; b <= mask; b++) {
      const c = counts[b]!;
      counts[b] = sum;
      sum += c;
    }
    for (let i = 0; i < count; i++) {
      const key = keys[i]!;
      const to = counts[(key >>> shift) & mask]!++;
      nextKeys[to] = key;
      nextKeys2[to] = keys2[i]!;
      nextOrder[to] = order[i]!;
    }
    [order, nextOrder] = [nextOrder, order];
    [keys, nextKeys] = [nextKeys, keys];
    [keys2, nextKeys2] = [nextKeys2, keys2];
  }
  return { order, sorted: keys, sorted2: keys2 };
}

interface Finished {
  /** Entry indices sorted by unsigned hash (stable: equal hashes in insertion order). */
  order: Int32Array;
  /** The hashes in that order, unsigned, for binary search. */
  sortedHashes: Uint32Array;
  /** 1 for an entry that repeats an earlier one. */
  duplicate: Uint8Array;
  unique: number;
  filter: Int32Array;
  filterShift: number;
  /** Where each run of equal top bits of the sorted hashes starts: a search reads one short run. */
  runStarts: Int32Array;
  runShift: number;
}

export class DomainTable {
  private texts: string[] = [];
  // Per entry: 19 bytes, so millions of hosts stay small.
  private textIds: Int32Array;
  private starts: Int32Array;
  /** Host length (≤ 253). */
  private lengths: Uint8Array;
  /** Bit 0: has upper-case letters (needs lower-casing on output). */
  private flags: Uint8Array;
  /** Number of dots, capped at 255: one-dot hosts have no parent that can be listed. */
  private dotCounts: Uint8Array;
  /** Hash of the lower-cased host. */
  private hashes: Int32Array;
  /** A second hash of the host (and its length): equal pairs are taken as the same host. */
  private hashes2: Int32Array;
  /** Hash of the host minus its first label, computed by the scan anyway. */
  private parentHashes: Int32Array;
  private count = 0;
  private finished: Finished | null = null;
  private readonly publicSuffixes: ReadonlySet<string>;
  /** 1024-bit filter over public-suffix hashes, so most lines skip the Set look-up. */
  private readonly publicSuffixFilter = new Uint8Array(1024);

  constructor(publicSuffixes: Iterable<string> = [], initialCapacity = 1024) {
    let capacity = 1024;
    while (capacity < initialCapacity) capacity *= 2;
    this.textIds = new Int32Array(capacity);
    this.starts = new Int32Array(capacity);
    this.lengths = new Uint8Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.dotCounts = new Uint8Array(capacity);
    this.hashes = new Int32Array(capacity);
    this.hashes2 = new Int32Array(capacity);
    this.parentHashes = new Int32Array(capacity);
    this.publicSuffixes = new Set(publicSuffixes);
    for (const suffix of this.publicSuffixes) this.publicSuffixFilter[hostHash(suffix) & 1023] = 1;
  }

  /** Distinct hosts added so far. */
  get size(): number {
    return this.finish().unique;
  }

  /**
   * Makes room for `extra` more hosts at once, so a big list does not copy the arrays several
   * times while it is read (callers estimate from the text length).
   */
  reserve(extra: number): void {
    let capacity = this.starts.length;
    while (capacity < this.count + extra) capacity *= 2;
    if (capacity > this.starts.length) this.resize(capacity);
  }

  /** Registers a block of list text; lines are then added by offset with `addRange`. */
  addText(text: string): number {
    this.texts.push(text);
    return this.texts.length - 1;
  }

  /** Adds one host that is already a normalised string (built-in or school entries). */
  addHost(host: string): LineRejection | null {
    const id = this.addText(host);
    return this.addRange(id, 0, host.length);
  }

  /**
   * Validates and adds `text[start, end)` of a registered text as a host name. Returns null when
   * added (or already present), otherwise why not. Plain ASCII hosts only: a caller with a
   * non-ASCII line normalises it (IDN → punycode) and uses `addHost`.
   */
  addRange(textId: number, start: number, end: number): LineRejection | null {
    const text = this.texts[textId]!;
    const length = end - start;
    if (length <= 0) return 'not-a-host';
    if (length > MAX_HOST_LENGTH) return 'too-long';
    let h = FNV_OFFSET;
    // A second, independent hash: with the first, 64 bits, so duplicates need no string compare.
    let h2 = SECOND_OFFSET;
    let upper = 0;
    let labelLength = 0;
    let dots = 0;
    let allDigitsOrDots = true;
    let previous = 46; // '.' sentinel after the end: a trailing dot is caught as an empty label
    let parentHash = 0;
    for (let i = end - 1; i >= start; i--) {
      let c = text.charCodeAt(i);
      if (c >= 97 && c <= 122) {
        allDigitsOrDots = false;
      } else if (c === 46) {
        if (labelLength === 0 || previous === 45) return 'bad-label';
        labelLength = 0;
        dots++;
        // The hash so far is the suffix after this dot; the leftmost one is the parent's.
        parentHash = h;
        h = Math.imul(h ^ c, FNV_PRIME);
        h2 = Math.imul(h2 ^ c, SECOND_PRIME);
        previous = c;
        continue;
      } else if (c >= 48 && c <= 57) {
        // digit: keeps allDigitsOrDots
      } else if (c >= 65 && c <= 90) {
        c |= 0x20;
        upper = 1;
        allDigitsOrDots = false;
      } else if (c === 45 || c === 95) {
        allDigitsOrDots = false;
        if (c === 45 && previous === 46) return 'bad-label'; // label ends with '-'
      } else {
        return 'not-a-host';
      }
      if (++labelLength > MAX_LABEL_LENGTH) return 'bad-label';
      h = Math.imul(h ^ c, FNV_PRIME);
      h2 = Math.imul(h2 ^ c, SECOND_PRIME);
      previous = c;
    }
    if (labelLength === 0 || previous === 45) return 'bad-label';
    if (dots === 0) return 'single-label';
    if (allDigitsOrDots && dots === 3) return 'ip-literal';
    if (this.publicSuffixFilter[h & 1023] === 1 && this.publicSuffixes.has(text.slice(start, end).toLowerCase())) {
      return 'public-suffix';
    }
    if (this.count === this.starts.length) this.resize(this.starts.length * 2);
    const index = this.count++;
    this.textIds[index] = textId;
    this.starts[index] = start;
    this.lengths[index] = length;
    this.flags[index] = upper;
    this.dotCounts[index] = dots > 255 ? 255 : dots;
    this.hashes[index] = h;
    this.hashes2[index] = Math.imul(h2 ^ length, SECOND_PRIME) ^ (h2 >>> 15);
    this.parentHashes[index] = parentHash;
    this.finished = null;
    return null;
  }

  private resize(capacity: number): void {
    const copy = <T extends Int32Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(old.subarray(0, this.count));
      return next;
    };
    this.textIds = copy(this.textIds, (n) => new Int32Array(n));
    this.starts = copy(this.starts, (n) => new Int32Array(n));
    this.lengths = copy(this.lengths, (n) => new Uint8Array(n));
    this.flags = copy(this.flags, (n) => new Uint8Array(n));
    this.dotCounts = copy(this.dotCounts, (n) => new Uint8Array(n));
    this.hashes = copy(this.hashes, (n) => new Int32Array(n));
    this.hashes2 = copy(this.hashes2, (n) => new Int32Array(n));
    this.parentHashes = copy(this.parentHashes, (n) => new Int32Array(n));
  }

  private equalsRange(entry: number, textId: number, start: number, end: number): boolean {
    if (this.lengths[entry]! !== end - start) return false;
    const a = this.texts[this.textIds[entry]!]!;
    const b = this.texts[textId]!;
    for (let i = this.starts[entry]!, j = start; j < end; i++, j++) if (lower(a.charCodeAt(i)) !== lower(b.charCodeAt(j))) return false;
    return true;
  }

  /** Sorts once after the last line: duplicates become neighbours; the parent filter is built. */
  private finish(): Finished {
    if (this.finished) return this.finished;
    const count = this.count;
    const { order, sorted: sortedHashes, sorted2 } = sortByHash(this.hashes, this.hashes2, count);
    const duplicate = new Uint8Array(count);
    let unique = 0;
    for (let runStart = 0; runStart < count;) {
      let runEnd = runStart + 1;
      while (runEnd < count && sortedHashes[runEnd] === sortedHashes[runStart]) runEnd++;
      // Equal hashes, in insertion order: an entry repeats an earlier one when the second hashes
      // (which cover the length too) agree as well. 64 bits in all: among five million hosts the
      // chance of two different ones agreeing is below one in a million.
      for (let i = runStart; i < runEnd; i++) {
        for (let j = runStart; j < i; j++) {
          if (sorted2[j] === sorted2[i] && duplicate[order[j]!] === 0) {
            duplicate[order[i]!] = 1;
            break;
          }
        }
        if (duplicate[order[i]!] === 0) unique++;
      }
      runStart = runEnd;
    }
    // One bit per hash, small enough to stay in the CPU cache: most parents are not listed.
    let log2 = 10;
    while (log2 < 25 && 1 << log2 < count * 16) log2++;
    const filter = new Int32Array(1 << (log2 - 5));
    const filterShift = 32 - log2;
    for (let i = 0; i < count; i++) {
      const bit = Math.imul(this.hashes[i]!, 0x9e3779b1) >>> filterShift;
      filter[bit >>> 5]! |= 1 << (bit & 31);
    }
    let runBits = 4;
    while (runBits < 16 && 1 << runBits < count) runBits++;
    const runShift = 32 - runBits;
    const runStarts = new Int32Array((1 << runBits) + 1);
    for (let i = 0, run = 0; run <= 1 << runBits; run++) {
      while (i < count && sortedHashes[i]! >>> runShift < run) i++;
      runStarts[run] = i;
    }
    this.finished = { order, sortedHashes, duplicate, unique, filter, filterShift, runStarts, runShift };
    return this.finished;
  }

  /** Whether `text[start, end)` (lower-cased hash `h`) is in the table. */
  private has(done: Finished, textId: number, start: number, end: number, h: number): boolean {
    const bit = Math.imul(h, 0x9e3779b1) >>> done.filterShift;
    if ((done.filter[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
    const target = h >>> 0;
    const sorted = done.sortedHashes;
    const run = target >>> done.runShift;
    let lo = done.runStarts[run]!;
    let hi = done.runStarts[run + 1]!;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < sorted.length && sorted[i] === target; i++) {
      if (this.equalsRange(done.order[i]!, textId, start, end)) return true;
    }
    return false;
  }

  /** True when a strict parent of entry `index` is also in the table. */
  private isCoveredByParent(done: Finished, index: number): boolean {
    // A one-dot host's only parent is a top-level domain, which is never in the table.
    const dots = this.dotCounts[index]!;
    if (dots === 1) return false;
    const textId = this.textIds[index]!;
    const text = this.texts[textId]!;
    const start = this.starts[index]!;
    const end = start + this.lengths[index]!;
    // The parent, from the hash the scan kept: no rescan for the common two-dot host.
    if (this.has(done, textId, text.indexOf('.', start) + 1, end, this.parentHashes[index]!)) return true;
    if (dots === 2) return false;
    // Grandparents and above: hash the suffixes from the right.
    let h = FNV_OFFSET;
    let seenDot = false;
    for (let i = end - 1; i > start; i--) {
      const c = text.charCodeAt(i);
      if (c === 46) {
        if (seenDot && this.has(done, textId, i + 1, end, h)) return true;
        seenDot = true;
      }
      h = Math.imul(h ^ lower(c), FNV_PRIME);
    }
    return false;
  }

  /**
   * The kept hosts in first-seen order, as strings: each host once, and hosts whose parent domain
   * is also listed dropped (DNR `requestDomains` matches subdomains anyway).
   */
  keptHosts(): string[] {
    const done = this.finish();
    const out: string[] = [];
    for (let index = 0; index < this.count; index++) {
      if (done.duplicate[index] === 1 || this.isCoveredByParent(done, index)) continue;
      const start = this.starts[index]!;
      const host = this.texts[this.textIds[index]!]!.slice(start, start + this.lengths[index]!);
      out.push(this.flags[index] ? host.toLowerCase() : host);
    }
    return out;
  }
}
