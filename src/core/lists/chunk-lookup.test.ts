import { describe, expect, it } from 'vitest';
import { selfAndParents } from '../domain';
import { chunksThatMayHold } from './chunk-lookup';
import { createHostReducer, type ListChunk } from './reduce';

function reduceAll(hosts: string[], chunkSize: number): ListChunk[] {
  const reducer = createHostReducer({ chunkSize, runSize: 7 });
  for (const host of hosts) reducer.add(host);
  const out: ListChunk[] = [];
  const it = reducer.chunks();
  for (let step = it.next(); !step.done; step = it.next()) out.push(step.value);
  return out;
}

describe('finding the list chunk that may hold a host', () => {
  it('lists a host and every parent', () => {
    expect(selfAndParents('a.b.example.com')).toEqual(['a.b.example.com', 'b.example.com', 'example.com', 'com']);
    expect(selfAndParents('localhost')).toEqual(['localhost']);
  });

  it('finds exactly the chunks that hold a host or a parent, among many', () => {
    const hosts = Array.from({ length: 500 }, (_, i) => `site-${i}.example.${['com', 'org', 'net'][i % 3]}`);
    hosts.push('covered.example.co.uk', 'x.y.covered.example.co.uk');
    const chunks = reduceAll(hosts, 40);
    expect(chunks.length).toBeGreaterThan(10);
    const refs = chunks.map((c) => ({ key: String(c.index), hash: c.hash, count: c.count, first: c.first, last: c.last }));
    const holding = (host: string) =>
      chunks.filter((c) => c.text.split('\n').some((h) => selfAndParents(host).includes(h))).map((c) => String(c.index));
    for (const host of [
      'site-7.example.org',
      'www.site-300.example.com',
      'deep.x.y.covered.example.co.uk',
      'not-listed.example.com',
      'site-99.example.com',
    ]) {
      const found = chunksThatMayHold(refs, host).map((c) => c.key);
      expect(found, host).toEqual(expect.arrayContaining(holding(host)));
      expect(found.length, host).toBeLessThanOrEqual(2);
    }
    expect(chunksThatMayHold(refs, 'www.site-300.example.com').length).toBeGreaterThan(0);
  });

  it('a chunk stored without its range is always a candidate', () => {
    expect(chunksThatMayHold([{ key: 'old', hash: 'h', count: 3 }], 'anything.example')).toHaveLength(1);
  });
});
