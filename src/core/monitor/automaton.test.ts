import { describe, expect, it } from 'vitest';
import { compileAutomaton, createHitBuffer, scanAutomaton } from './automaton';
import { ALPHABET_SIZE } from './normalise';

/** Every occurrence by brute force, in the automaton's order (by end, then longest first). */
function bruteForce(patterns: string[], text: string): string[] {
  const found: string[] = [];
  for (let end = 0; end < text.length; end++) {
    const here = patterns
      .map((p, id) => ({ p, id }))
      .filter(({ p }) => end + 1 >= p.length && text.slice(end + 1 - p.length, end + 1) === p)
      .sort((a, b) => b.p.length - a.p.length);
    for (const { id } of here) found.push(`${id}@${end}`);
  }
  return found;
}

function scan(patterns: string[], text: string): string[] {
  const automaton = compileAutomaton(patterns);
  const letters = Uint8Array.from(text, (c) => c.charCodeAt(0));
  // A small buffer, so that growing it is exercised too.
  const hits = { ...createHitBuffer(), data: new Int32Array(2) };
  scanAutomaton(automaton, letters, letters.length, hits);
  const out: string[] = [];
  for (let i = 0; i < hits.count * 2; i += 2) out.push(`${hits.data[i]}@${hits.data[i + 1]}`);
  return out;
}

// Letters are char codes 1…4 here: a small alphabet makes overlaps and failure chains common.
const alphabet = '\u0001\u0002\u0003\u0004';

describe('Aho–Corasick automaton', () => {
  it('finds overlapping and nested patterns exactly as a brute-force search does', () => {
    const patterns = ['\u0001\u0002', '\u0002', '\u0001\u0002\u0003', '\u0003\u0001', '\u0002\u0003\u0001\u0002'];
    const text = '\u0001\u0002\u0003\u0001\u0002\u0003\u0001';
    expect(scan(patterns, text)).toEqual(bruteForce(patterns, text));
  });

  it('agrees with brute force on random patterns and texts', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const word = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(random() * 4)]).join('');
    for (let round = 0; round < 50; round++) {
      const patterns = [...new Set(Array.from({ length: 1 + Math.floor(random() * 12) }, () => word(1 + Math.floor(random() * 5))))];
      const text = word(60);
      expect(scan(patterns, text)).toEqual(bruteForce(patterns, text));
    }
  });

  it('refuses letters outside the alphabet, empty and repeated patterns', () => {
    expect(() => compileAutomaton([String.fromCharCode(ALPHABET_SIZE)])).toThrow(/outside/);
    expect(() => compileAutomaton([''])).toThrow(/empty/);
    expect(() => compileAutomaton(['\u0001', '\u0001'])).toThrow(/repeats/);
  });
});
