/**
 * The two list pipelines the list benchmark compares, on the same input.
 * Ours: streamed text → createListParser → createHostReducer → hashed chunks (each let go once
 * "stored", as the extension does with IndexedDB). Naive: the whole text, split into lines, the URL
 * parser for each, a Set, parents found by walking each host's labels, and rule-sized slices.
 */
import { dropCoveredSubdomains, normalizeHost } from '../../src/core/domain';
import { createOverBlockingGuard } from '../../src/core/lists/guard';
import { createListParser, type ListFormat } from '../../src/core/lists/parse';
import { createHostReducer } from '../../src/core/lists/reduce';
import { CHROME_DNR_LIMITS } from '../../src/core/rules/chrome-limits';

export interface ListPipelineResult {
  lines: number;
  domains: number;
  rules: number;
}

/** `pieces` yields the feed as the network would: text pieces of a few tens of KB. */
export function runOurs(pieces: Iterable<string>, format: ListFormat, sample: () => void): ListPipelineResult {
  const guard = createOverBlockingGuard();
  const reducer = createHostReducer({ chunkSize: CHROME_DNR_LIMITS.maxDomainsPerRule, guard: (h) => guard.isSuppressed(h) });
  let seen = 0;
  const parser = createListParser(format, (host) => {
    reducer.add(host);
    if ((++seen & 0xffff) === 0) sample();
  });
  for (const piece of pieces) parser.push(piece);
  const parsed = parser.end();
  sample();
  let chunks = 0;
  let domains = 0;
  for (const chunk of reducer.chunks()) {
    chunks++;
    domains += chunk.count;
    sample();
  }
  return { lines: parsed.lines, domains, rules: chunks * 2 };
}

export function runNaive(text: string, sample: () => void): ListPipelineResult {
  const set = new Set<string>();
  let lines = 0;
  for (const raw of text.split('\n')) {
    lines++;
    if ((lines & 0xffff) === 0) sample();
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const host = normalizeHost(line);
    if (host.ok) set.add(host.host);
  }
  sample();
  const kept = dropCoveredSubdomains(set);
  sample();
  const rules: string[][] = [];
  for (let i = 0; i < kept.length; i += CHROME_DNR_LIMITS.maxDomainsPerRule)
    rules.push(kept.slice(i, i + CHROME_DNR_LIMITS.maxDomainsPerRule));
  sample();
  return { lines, domains: kept.length, rules: rules.length * 2 };
}

/** A reproducible synthetic feed of `count` distinct domains, generated piece by piece. */
/** Line `i` of the synthetic list: a few upper-case `www.` lines, a third under example.org. */
export function syntheticLine(i: number): string {
  return i % 97 === 0 ? `WWW.Site-${i}.Example.COM` : `site-${i}.${i % 3 === 0 ? 'example.org' : 'example.com'}`;
}

export function* syntheticPieces(count: number, pieceLines = 4096): Generator<string> {
  yield '# synthetic benchmark list\n';
  for (let start = 0; start < count; start += pieceLines) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(count, start + pieceLines); i++) {
      lines.push(syntheticLine(i));
    }
    yield `${lines.join('\n')}\n`;
  }
}

/** Cuts a text into network-sized pieces. */
export function* piecesOf(text: string, size = 65_536): Generator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}
