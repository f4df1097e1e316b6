import { selfAndParents } from '../domain';
import { twoHashes } from './reduce';

/**
 * A baked list's hosts as sorted 64-bit fingerprints (8 bytes a host, little-endian: every
 * platform Chrome runs on), shipped beside its static ruleset. Static rules cannot carry this
 * device's blocked-page key, so the worker uses the index to confirm that a key-less blocked page
 * stands for a host the enabled rulesets really hold, without reading their JSON (about 20 bytes a
 * host, and a parse that would not fit in a low-end worker's memory). Two independent 32-bit
 * hashes make a chance match about one in 2^44 for a million hosts: no page can name a host the
 * lists do not hold and pass.
 */

export const HOST_INDEX_BYTES_PER_HOST = 8;

export function hostFingerprint(host: string): bigint {
  const [a, b] = twoHashes(host);
  return (BigInt(a) << 32n) | BigInt(b);
}

export interface HostIndexBuilder {
  add(host: string): void;
  /** The sorted fingerprints, duplicates removed. */
  finish(): BigUint64Array;
}

export function createHostIndexBuilder(): HostIndexBuilder {
  let buffer = new BigUint64Array(1024);
  let length = 0;
  return {
    add(host) {
      if (length === buffer.length) {
        const grown = new BigUint64Array(buffer.length * 2);
        grown.set(buffer);
        buffer = grown;
      }
      buffer[length++] = hostFingerprint(host);
    },
    finish() {
      const sorted = buffer.subarray(0, length).sort();
      let unique = 0;
      // Writes land at or behind the value being read, so one pass compacts in place.
      for (const value of sorted) if (unique === 0 || value !== sorted[unique - 1]) sorted[unique++] = value;
      return sorted.slice(0, unique);
    },
  };
}

/** Reads an index file; null when its length is not a whole number of fingerprints. */
export function hostIndexFromBytes(bytes: ArrayBufferLike): BigUint64Array | null {
  return bytes.byteLength % HOST_INDEX_BYTES_PER_HOST === 0 ? new BigUint64Array(bytes) : null;
}

function holds(index: BigUint64Array, fingerprint: bigint): boolean {
  let low = 0;
  let high = index.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- low <= mid <= high < length
    const value = index[mid]!;
    if (value === fingerprint) return true;
    if (value < fingerprint) low = mid + 1;
    else high = mid - 1;
  }
  return false;
}

/** The entry of the index that covers `host` (the host itself or its nearest listed parent), or null. */
export function coveringHost(index: BigUint64Array, host: string): string | null {
  return selfAndParents(host).find((candidate) => holds(index, hostFingerprint(candidate))) ?? null;
}
