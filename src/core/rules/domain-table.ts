/**
 * A de-duplicating set of host names built for list-scale input (millions of lines).
 *
 * A JS `Set<string>` needs a string per line and hashes every one of them. This table instead
 * hashes each host while validating it in one right-to-left character scan (so the hash of every
 * parent suffix comes for free, which makes "drop subdomains of listed parents" cheap), and stores
 * only offsets into the list text. Strings are created only for the hosts that are kept.
 */

/** Why a line was not added (counted by the caller). */
export type LineRejection = 'not-a-host' | 'ip-literal' | 'single-label' | 'public-suffix' | 'bad-label' | 'too-long';

const EMPTY = -1;
const MAX_HOST_LENGTH = 253;
const MAX_LABEL_LENGTH = 63;
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 16777619;

/** Lower-case a char code if it is A–Z. */
function lower(c: number): number {
  return c >= 65 && c <= 90 ? c | 0x20 : c;
}

function hashText(text: string): number {
  let h = FNV_OFFSET;
  for (let i = text.length - 1; i >= 0; i--) h = Math.imul(h ^ lower(text.charCodeAt(i)), FNV_PRIME);
  return h;
}

export class DomainTable {
  private texts: string[] = [];
  // Per entry: 11 bytes (plus 16 bytes of slots), so millions of hosts stay small.
  private textIds: Int32Array;
  private starts: Int32Array;
  /** Host length (≤ 253). */
  private lengths: Uint8Array;
  /** Bit 0: has upper-case letters (needs lower-casing on output). */
  private flags: Uint8Array;
  /** Number of dots, capped at 255: one-dot hosts have no parent that can be listed. */
  private dotCounts: Uint8Array;
  /** Hash of the host minus its first label, computed by the scan anyway: the parent check needs no rescan. */
  private parentHashes: Int32Array;
  /**
   * Open-addressing slots as [hash, entry index] pairs: a probe reads one cache line instead of
   * jumping to the entry arrays, which matters at millions of entries.
   */
  private slots: Int32Array;
  private mask: number;
  private count = 0;
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
    this.parentHashes = new Int32Array(capacity);
    this.slots = new Int32Array(capacity * 4).fill(EMPTY);
    this.mask = capacity * 2 - 1;
    this.publicSuffixes = new Set(publicSuffixes);
    for (const suffix of this.publicSuffixes) this.publicSuffixFilter[hashText(suffix) & 1023] = 1;
  }

  get size(): number {
    return this.count;
  }

  /**
   * Makes room for `extra` more hosts at once, so a big list does not rehash the table several
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
      previous = c;
    }
    if (labelLength === 0 || previous === 45) return 'bad-label';
    if (dots === 0) return 'single-label';
    if (allDigitsOrDots && dots === 3) return 'ip-literal';
    if (this.publicSuffixFilter[h & 1023] === 1 && this.publicSuffixes.has(text.slice(start, end).toLowerCase())) {
      return 'public-suffix';
    }
    this.insert(textId, start, end, h, upper, dots, parentHash);
    return null;
  }

  private insert(textId: number, start: number, end: number, h: number, upper: number, dots: number, parentHash: number): void {
    const slots = this.slots;
    let slot = h & this.mask;
    for (;;) {
      const entry = slots[slot * 2 + 1]!;
      if (entry === EMPTY) break;
      if (slots[slot * 2] === h && this.equalsRange(entry, textId, start, end)) return;
      slot = (slot + 1) & this.mask;
    }
    if (this.count === this.starts.length) {
      this.grow();
      this.insert(textId, start, end, h, upper, dots, parentHash);
      return;
    }
    const index = this.count++;
    this.textIds[index] = textId;
    this.starts[index] = start;
    this.lengths[index] = end - start;
    this.flags[index] = upper;
    this.dotCounts[index] = dots > 255 ? 255 : dots;
    this.parentHashes[index] = parentHash;
    slots[slot * 2] = h;
    slots[slot * 2 + 1] = index;
  }

  private equalsRange(entry: number, textId: number, start: number, end: number): boolean {
    const a = this.texts[this.textIds[entry]!]!;
    let i = this.starts[entry]!;
    if (this.lengths[entry]! !== end - start) return false;
    const b = this.texts[textId]!;
    for (let j = start; j < end; i++, j++) if (lower(a.charCodeAt(i)) !== lower(b.charCodeAt(j))) return false;
    return true;
  }

  private has(textId: number, start: number, end: number, h: number): boolean {
    const slots = this.slots;
    let slot = h & this.mask;
    for (;;) {
      const entry = slots[slot * 2 + 1]!;
      if (entry === EMPTY) return false;
      if (slots[slot * 2] === h && this.equalsRange(entry, textId, start, end)) return true;
      slot = (slot + 1) & this.mask;
    }
  }

  private grow(): void {
    this.resize(this.starts.length * 2);
  }

  /** Moves to arrays of `capacity` entries (and twice as many slots), rehashing what is there. */
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
    this.parentHashes = copy(this.parentHashes, (n) => new Int32Array(n));
    // Rehash from the old slots, which hold each entry's hash beside its index.
    const old = this.slots;
    const slots = new Int32Array(capacity * 4).fill(EMPTY);
    const mask = capacity * 2 - 1;
    for (let o = 0; o < old.length; o += 2) {
      const index = old[o + 1]!;
      if (index === EMPTY) continue;
      const h = old[o]!;
      let slot = h & mask;
      while (slots[slot * 2 + 1] !== EMPTY) slot = (slot + 1) & mask;
      slots[slot * 2] = h;
      slots[slot * 2 + 1] = index;
    }
    this.slots = slots;
    this.mask = mask;
  }

  /**
   * One bit per entry hash, in an array small enough to stay in the CPU cache: most parents of a
   * listed host are not listed themselves, and this says so without a probe of the slot table,
   * which at millions of entries is a cache miss every time.
   */
  private parentFilter(): { bits: Int32Array; shift: number } {
    let log2 = 10;
    while (log2 < 24 && 1 << log2 < this.count * 8) log2++;
    const bits = new Int32Array(1 << (log2 - 5));
    const shift = 32 - log2;
    const slots = this.slots;
    for (let o = 0; o < slots.length; o += 2) {
      if (slots[o + 1] === EMPTY) continue;
      const bit = Math.imul(slots[o]!, 0x9e3779b1) >>> shift;
      bits[bit >>> 5]! |= 1 << (bit & 31);
    }
    return { bits, shift };
  }

  /** True when a strict parent of entry `index` is also in the table. */
  private isCoveredByParent(index: number, filter: { bits: Int32Array; shift: number }): boolean {
    // A one-dot host's only parent is a top-level domain, which is never in the table.
    const dots = this.dotCounts[index]!;
    if (dots === 1) return false;
    const textId = this.textIds[index]!;
    const text = this.texts[textId]!;
    const start = this.starts[index]!;
    const end = start + this.lengths[index]!;
    const { bits, shift } = filter;
    // The parent, from the hash the scan kept: no rescan for the common two-dot host.
    const parentHash = this.parentHashes[index]!;
    let bit = Math.imul(parentHash, 0x9e3779b1) >>> shift;
    if ((bits[bit >>> 5]! & (1 << (bit & 31))) !== 0 && this.has(textId, text.indexOf('.', start) + 1, end, parentHash)) return true;
    if (dots === 2) return false;
    // Grandparents and above: hash the suffixes from the right.
    let h = FNV_OFFSET;
    let seenDot = false;
    for (let i = end - 1; i > start; i--) {
      const c = text.charCodeAt(i);
      if (c === 46) {
        if (seenDot) {
          bit = Math.imul(h, 0x9e3779b1) >>> shift;
          if ((bits[bit >>> 5]! & (1 << (bit & 31))) !== 0 && this.has(textId, i + 1, end, h)) return true;
        }
        seenDot = true;
      }
      h = Math.imul(h ^ lower(c), FNV_PRIME);
    }
    return false;
  }

  /**
   * The kept hosts in insertion order, as strings: duplicates were never added, and hosts whose
   * parent domain is also listed are dropped (DNR `requestDomains` matches subdomains anyway).
   */
  keptHosts(): string[] {
    const out: string[] = [];
    const filter = this.parentFilter();
    for (let index = 0; index < this.count; index++) {
      if (this.isCoveredByParent(index, filter)) continue;
      const start = this.starts[index]!;
      const host = this.texts[this.textIds[index]!]!.slice(start, start + this.lengths[index]!);
      out.push(this.flags[index] ? host.toLowerCase() : host);
    }
    return out;
  }
}
