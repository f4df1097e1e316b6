/**
 * Two 32-bit FNV-1a style hashes with different multipliers, fed one text after another: the
 * scheme behind rule fingerprints, list chunk hashes and host indexes. Together they make
 * accidental collisions no practical risk; neither is a cryptographic hash.
 */
export interface TwoHashes {
  a: number;
  b: number;
}

export function hashInto(state: TwoHashes, text: string): void {
  let { a, b } = state;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  state.a = a;
  state.b = b;
}
