import { describe, expect, it } from 'vitest';
import { createOverBlockingGuard } from './guard';
import { createHostReducer, fromKey, hashText, toKey, type ListChunk } from './reduce';

function reduce(hosts: string[], options: { chunkSize?: number; runSize?: number; guard?: (h: string) => boolean } = {}) {
  const reducer = createHostReducer({
    chunkSize: options.chunkSize ?? 1000,
    runSize: options.runSize ?? 3,
    ...(options.guard ? { guard: options.guard } : {}),
  });
  for (const host of hosts) reducer.add(host);
  const chunks: ListChunk[] = [];
  const iterator = reducer.chunks();
  for (;;) {
    const step = iterator.next();
    if (step.done) return { chunks, stats: step.value, all: chunks.flatMap((c) => c.text.split('\n')) };
    chunks.push(step.value);
  }
}

describe('createHostReducer', () => {
  it('round-trips keys', () => {
    expect(toKey('a.b.example.com')).toBe('com,example,b,a');
    expect(fromKey(toKey('a.b.example.com'))).toBe('a.b.example.com');
  });

  it('drops duplicates and covered subdomains across runs, even with "-" names sorting between them', () => {
    const { all, stats } = reduce([
      'a.example.com',
      'example-b.com',
      'example.com',
      'x.example-b.com',
      'example.com',
      'z.other.org',
      'b.example.com',
      'other.org',
      'deep.a.example.com',
      'example.co',
    ]);
    expect(new Set(all)).toEqual(new Set(['example.com', 'example-b.com', 'other.org', 'example.co']));
    expect(all).toHaveLength(4);
    expect(stats).toMatchObject({ input: 10, duplicates: 1, coveredByParent: 5, output: 4, suppressed: 0 });
  });

  it('cuts the output into chunks of at most chunkSize and hashes each', () => {
    const hosts = Array.from({ length: 25 }, (_, i) => `site${i}.example`);
    const { chunks, stats } = reduce(hosts, { chunkSize: 10, runSize: 7 });
    expect(chunks.map((c) => c.count)).toEqual([10, 10, 5]);
    expect(chunks.map((c) => c.index)).toEqual([0, 1, 2]);
    expect(stats.output).toBe(25);
    for (const c of chunks) expect(c.hash).toBe(hashText(c.text));
    // Same hosts in another order give the same chunks: the order is canonical.
    expect(reduce([...hosts].reverse(), { chunkSize: 10, runSize: 4 }).chunks).toEqual(chunks);
  });

  it('the over-blocking guard suppresses entries without hiding their listed subdomains', () => {
    const guard = createOverBlockingGuard();
    const { all, stats } = reduce(
      ['google.com', 'ads.google.com', 'archive.org', 'web.archive.org', 'en.wikipedia.org', 'bad.github.io', 'github.io', 'evil.example'],
      {
        guard: (h) => guard.isSuppressed(h),
      },
    );
    expect(all.sort()).toEqual(['ads.google.com', 'bad.github.io', 'evil.example']);
    expect(stats.suppressed).toBe(5);
    expect(stats.suppressedSamples.sort()).toEqual(['archive.org', 'en.wikipedia.org', 'github.io', 'google.com', 'web.archive.org']);
  });

  it('an empty input gives no chunks', () => {
    expect(reduce([]).chunks).toEqual([]);
  });

  it('hashes differ when content differs', () => {
    expect(hashText('a.example\nb.example')).not.toBe(hashText('a.example\nc.example'));
  });
});
