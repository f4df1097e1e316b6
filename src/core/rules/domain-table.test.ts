import { describe, expect, it } from 'vitest';
import { PUBLIC_SUFFIXES } from '../domain';
import { DomainTable } from './domain-table';

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
      '', 'localhost', '1.2.3.4', 'co.uk', 'bad..example', '-x.example', 'x-.example', '.example.com', 'example.com.',
      'a b.example', 'ümlaut.example', `${'a'.repeat(64)}.example`, `${'a.'.repeat(127)}com`, 'ok_underscore.example', '123.example',
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
});
