import { ALPHABET_SIZE } from './normalise';

/**
 * Aho–Corasick over the normaliser's letter classes: every pattern is found in one pass over a text,
 * whatever the number of patterns. Compiled once (per service-worker life, see matcher.ts), then only read.
 *
 * Compact form: each state's children are a run in two flat arrays (letter, target), sorted by letter.
 * Only the shallow states (at most DENSE_DEPTH letters from the root) also get a full row of the
 * alphabet with every transition resolved, because ordinary text keeps the automaton near the root
 * almost all the time: a few thousand rows instead of one per state. A deeper state without the child
 * follows its failure link, which is shallower, so the scan is amortised one step per letter.
 */
export interface Automaton {
  /** Number of states; state 0 is the root. */
  states: number;
  /** Children of state s: indices childStart[s] … childStart[s + 1] − 1 of childLetter / childTarget. */
  childStart: Int32Array;
  childLetter: Uint8Array;
  childTarget: Int32Array;
  /** The root's transition for each letter (0 when the root has no such child). */
  rootNext: Int32Array;
  /** Row of a shallow state in `dense`, or −1. */
  denseRow: Int32Array;
  /** Resolved transitions of the shallow states: dense[row × ALPHABET_SIZE + letter]. */
  dense: Int32Array;
  fail: Int32Array;
  /** The pattern that ends exactly at this state, or −1. */
  own: Int32Array;
  /** The nearest state along the failure chain whose `own` is set, or −1: the other patterns ending here. */
  dict: Int32Array;
  /** Length (in letters) of each pattern. */
  patternLength: Int32Array;
}

/** Builds the automaton for `patterns` (one char code per letter class); pattern i is reported as i. */
export function compileAutomaton(patterns: readonly string[]): Automaton {
  // 1. A trie as first-child / next-sibling lists in growable typed arrays (no object per state).
  let capacity = 1024;
  let firstChild = new Int32Array(capacity).fill(-1);
  let nextSibling = new Int32Array(capacity).fill(-1);
  let letterOf = new Uint8Array(capacity);
  let ownOf = new Int32Array(capacity).fill(-1);
  let states = 1;
  const grow = () => {
    const bigger = (a: Int32Array, fill: number) => {
      const b = new Int32Array(capacity * 2).fill(fill);
      b.set(a);
      return b;
    };
    firstChild = bigger(firstChild, -1);
    nextSibling = bigger(nextSibling, -1);
    ownOf = bigger(ownOf, -1);
    const letters = new Uint8Array(capacity * 2);
    letters.set(letterOf);
    letterOf = letters;
    capacity *= 2;
  };
  let edges = 0;
  const patternLength = new Int32Array(patterns.length);
  patterns.forEach((pattern, id) => {
    let state = 0;
    for (let i = 0; i < pattern.length; i++) {
      const letter = pattern.charCodeAt(i);
      if (letter <= 0 || letter >= ALPHABET_SIZE) throw new Error(`Letter class ${letter} is outside the alphabet.`);
      let child = firstChild[state] ?? -1;
      while (child !== -1 && letterOf[child] !== letter) child = nextSibling[child] ?? -1;
      if (child === -1) {
        if (states === capacity) grow();
        child = states++;
        letterOf[child] = letter;
        nextSibling[child] = firstChild[state] ?? -1;
        firstChild[state] = child;
        edges++;
      }
      state = child;
    }
    if (state === 0) throw new Error('An empty pattern cannot be matched.');
    // Identical patterns are merged by the caller; a second one here would only hide the first.
    if ((ownOf[state] ?? -1) !== -1) throw new Error(`Pattern ${id} repeats pattern ${ownOf[state]}.`);
    ownOf[state] = id;
    patternLength[id] = pattern.length;
  });

  // 2. Children as sorted runs of two flat arrays.
  const childStart = new Int32Array(states + 1);
  const childLetter = new Uint8Array(edges);
  const childTarget = new Int32Array(edges);
  const run: number[] = [];
  let at = 0;
  for (let s = 0; s < states; s++) {
    childStart[s] = at;
    run.length = 0;
    for (let c = firstChild[s] ?? -1; c !== -1; c = nextSibling[c] ?? -1) run.push(c);
    run.sort((a, b) => (letterOf[a] ?? 0) - (letterOf[b] ?? 0));
    for (const c of run) {
      childLetter[at] = letterOf[c] ?? 0;
      childTarget[at++] = c;
    }
  }
  childStart[states] = at;
  const rootNext = new Int32Array(ALPHABET_SIZE);
  for (let e = childStart[0] ?? 0; e < (childStart[1] ?? 0); e++) rootNext[childLetter[e] ?? 0] = childTarget[e] ?? 0;

  // 3. Failure and output links, breadth first.
  const own = ownOf.slice(0, states);
  const fail = new Int32Array(states);
  const dict = new Int32Array(states).fill(-1);
  const queue = new Int32Array(states);
  let head = 0;
  let tail = 0;
  for (let e = childStart[0] ?? 0; e < (childStart[1] ?? 0); e++) queue[tail++] = childTarget[e] ?? 0;
  const denseRow = new Int32Array(states).fill(-1);
  const automaton: Automaton = {
    states,
    childStart,
    childLetter,
    childTarget,
    rootNext,
    denseRow,
    dense: new Int32Array(0),
    fail,
    own,
    dict,
    patternLength,
  };
  while (head < tail) {
    const s = queue[head++] ?? 0;
    for (let e = childStart[s] ?? 0; e < (childStart[s + 1] ?? 0); e++) {
      const letter = childLetter[e] ?? 0;
      const t = childTarget[e] ?? 0;
      // The longest proper suffix of t's path that is also a path from the root (always shallower).
      const ft = step(automaton, fail[s] ?? 0, letter);
      fail[t] = ft;
      dict[t] = (own[ft] ?? -1) !== -1 ? ft : (dict[ft] ?? -1);
      queue[tail++] = t;
    }
  }

  // 4. Full rows for the shallow states, in breadth-first order so a state's failure row exists first.
  const depth = new Int32Array(states);
  const shallow: number[] = [0];
  for (let q = 0; q < tail; q++) {
    const s = queue[q] ?? 0;
    for (let e = childStart[s] ?? 0; e < (childStart[s + 1] ?? 0); e++) depth[childTarget[e] ?? 0] = (depth[s] ?? 0) + 1;
    if ((depth[s] ?? 0) <= DENSE_DEPTH) shallow.push(s);
  }
  const dense = new Int32Array(shallow.length * ALPHABET_SIZE);
  shallow.forEach((s, row) => {
    denseRow[s] = row;
    const base = row * ALPHABET_SIZE;
    const failBase = s === 0 ? -1 : (denseRow[fail[s] ?? 0] ?? 0) * ALPHABET_SIZE;
    for (let letter = 1; letter < ALPHABET_SIZE; letter++) {
      const child = s === 0 ? (rootNext[letter] ?? 0) : findChild(automaton, s, letter);
      dense[base + letter] = child !== -1 ? child : failBase < 0 ? 0 : (dense[failBase + letter] ?? 0);
    }
  });
  automaton.dense = dense;
  return automaton;
}

/** States this close to the root get a full row of transitions (see Automaton). */
const DENSE_DEPTH = 3;

/** The transition from `state` on `letter`, following failure links (state 0 absorbs). */
function step(a: Automaton, state: number, letter: number): number {
  let s = state;
  for (;;) {
    if (s === 0) return a.rootNext[letter] ?? 0;
    const child = findChild(a, s, letter);
    if (child !== -1) return child;
    s = a.fail[s] ?? 0;
  }
}

function findChild(a: Automaton, state: number, letter: number): number {
  const end = a.childStart[state + 1] ?? 0;
  for (let e = a.childStart[state] ?? 0; e < end; e++) {
    const l = a.childLetter[e] ?? 0;
    if (l === letter) return a.childTarget[e] ?? 0;
    if (l > letter) return -1;
  }
  return -1;
}

/** Pattern occurrences as flat pairs (pattern id, position of its last letter), reused between scans. */
export interface HitBuffer {
  data: Int32Array;
  /** Pairs stored. */
  count: number;
}

export function createHitBuffer(): HitBuffer {
  return { data: new Int32Array(4096), count: 0 };
}

/**
 * Every occurrence of every pattern in `letters[0..length)`, into `hits` (emptied first). Flat numbers,
 * not objects: a page holds thousands of ordinary words that are also patterns, such as context words.
 */
export function scanAutomaton(a: Automaton, letters: Uint8Array, length: number, hits: HitBuffer): number {
  const { childStart, childLetter, childTarget, denseRow, dense, fail, own, dict } = a;
  let state = 0;
  let found = 0;
  let data = hits.data;
  for (let i = 0; i < length; i++) {
    const letter = letters[i] ?? 0;
    // Inline step(): this loop is the matcher's hot path.
    for (;;) {
      const row = denseRow[state] ?? -1;
      if (row !== -1) {
        state = dense[row * ALPHABET_SIZE + letter] ?? 0;
        break;
      }
      const end = childStart[state + 1] ?? 0;
      let next = -1;
      for (let e = childStart[state] ?? 0; e < end; e++) {
        const l = childLetter[e] ?? 0;
        if (l === letter) {
          next = childTarget[e] ?? 0;
          break;
        }
        if (l > letter) break;
      }
      if (next !== -1) {
        state = next;
        break;
      }
      state = fail[state] ?? 0;
    }
    let out = (own[state] ?? -1) !== -1 ? state : (dict[state] ?? -1);
    while (out !== -1) {
      if (found * 2 + 2 > data.length) {
        const bigger = new Int32Array(data.length * 2);
        bigger.set(data);
        data = hits.data = bigger;
      }
      data[found * 2] = own[out] ?? 0;
      data[found * 2 + 1] = i;
      found++;
      out = dict[out] ?? -1;
    }
  }
  hits.count = found;
  return found;
}
