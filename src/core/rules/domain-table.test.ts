import { describe, expect, it } from 'vitest';
import { asciiHostOrNull, PUBLIC_SUFFIXES, validateAsciiHost } from '../domain';
import { DomainTable, hostHash } from './domain-table';

function tableOf(lines: string[]): { table: DomainTable; rejected: Record<string, string> } {
  const table = new DomainTable(PUBLIC_SUFFIXES, 4);
  const text = lines.join('\n');
  const id = table.addText(text);
  const rejected: Record<string, string> = {};
  let start = 0;
  for (const line of lines) {
    const reason = table.addRange(id, start, start + line.length);
    if (reason) rejected[line] = reason;
    start += line.length + 1;
  }
  return { table, rejected };
}

describe('DomainTable', () => {
  it('de-duplicates case-insensitively and keeps first-seen order, lower-cased', () => {
    const { table } = tableOf(['b.example', 'A.Example', 'a.example', 'B.EXAMPLE', 'c.example']);
    expect(table.size).toBe(3);
    expect(table.keptHosts()).toEqual(['b.example', 'a.example', 'c.example']);
  });

  it('drops subdomains whose parent is listed, wherever the parent appears', () => {
    const { table } = tableOf(['x.y.example.com', 'other.org', 'y.example.com', 'example.com', 'notexample.com', 'deep.other.org']);
    expect(table.keptHosts()).toEqual(['other.org', 'example.com', 'notexample.com']);
  });

  it('rejects what is not a plain host, with a reason', () => {
    const { rejected, table } = tableOf([
      '',
      'localhost',
      '1.2.3.4',
      'co.uk',
      'bad..example',
      '-x.example',
      'x-.example',
      '.example.com',
      'example.com.',
      'a b.example',
      'ümlaut.example',
      `${'a'.repeat(64)}.example`,
      `${'a.'.repeat(127)}com`,
      'ok_underscore.example',
      '123.example',
    ]);
    expect(rejected).toEqual({
      '': 'not-a-host',
      localhost: 'single-label',
      '1.2.3.4': 'ip-literal',
      'co.uk': 'public-suffix',
      'bad..example': 'bad-label',
      '-x.example': 'bad-label',
      'x-.example': 'bad-label',
      '.example.com': 'bad-label',
      'example.com.': 'bad-label',
      'a b.example': 'not-a-host',
      'ümlaut.example': 'not-a-host',
      [`${'a'.repeat(64)}.example`]: 'bad-label',
      [`${'a.'.repeat(127)}com`]: 'too-long',
    });
    expect(table.keptHosts()).toEqual(['ok_underscore.example', '123.example']);
  });

  it('survives growth and hash collisions over many entries', () => {
    const table = new DomainTable([], 4);
    for (let i = 0; i < 50_000; i++) table.addHost(`h${i}.example`);
    for (let i = 0; i < 50_000; i++) table.addHost(`h${i}.example`);
    expect(table.size).toBe(50_000);
    const kept = table.keptHosts();
    expect(kept).toHaveLength(50_000);
    expect(new Set(kept).size).toBe(50_000);
  });

  it('accepts exactly the hosts validateAsciiHost accepts (the two validators are twins for speed)', () => {
    const pieces = ['a', 'B', '0', '9', '-', '_', '.', '..', 'co', 'uk', 'com', '1', '255', 'x-y', 'é', ' ', 'github', 'io'];
    let state = 7;
    const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) % pieces.length;
    let accepted = 0;
    for (let i = 0; i < 20_000; i++) {
      let line = '';
      for (let j = 1 + (i % 7); j > 0; j--) line += pieces[next()];
      const table = new DomainTable(PUBLIC_SUFFIXES);
      const viaTable = table.addHost(line) === null;
      const ascii = asciiHostOrNull(line);
      const viaValidator = ascii !== null && validateAsciiHost(ascii).ok;
      expect(viaTable, JSON.stringify(line)).toBe(viaValidator);
      if (viaTable) accepted++;
    }
    // The generator must reach both outcomes often, or the comparison proves little.
    expect(accepted).toBeGreaterThan(500);
  });

  it('keeps two different hosts whose first hashes collide (duplicates need both hashes to agree)', () => {
    // A birthday search finds a 32-bit collision among a few hundred thousand names.
    const seen = new Map<number, string>();
    let pair: [string, string] | null = null;
    for (let i = 0; pair === null && i < 2_000_000; i++) {
      const host = `c${i.toString(36)}.example`;
      const h = hostHash(host);
      const other = seen.get(h);
      if (other !== undefined) pair = [other, host];
      else seen.set(h, host);
    }
    expect(pair).not.toBeNull();
    const table = new DomainTable([]);
    for (const host of [pair![0], pair![1], pair![0].toUpperCase(), 'other.example']) table.addHost(host);
    expect(table.size).toBe(3);
    expect(table.keptHosts()).toEqual([pair![0], pair![1], 'other.example']);
  });
});
