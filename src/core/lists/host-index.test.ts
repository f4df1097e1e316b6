import { describe, expect, it } from 'vitest';
import { coveringHost, createHostIndexBuilder, hostFingerprint, hostIndexFromBytes, HOST_INDEX_BYTES_PER_HOST } from './host-index';

function indexOf(hosts: string[]): BigUint64Array {
  const builder = createHostIndexBuilder();
  for (const host of hosts) builder.add(host);
  return builder.finish();
}

describe("host index (a baked list's hosts as sorted fingerprints)", () => {
  it('finds a listed host, and a subdomain by its nearest listed parent; nothing else', () => {
    const index = indexOf(['bet.example', 'casino.example', 'deep.sub.poker.example']);
    expect(coveringHost(index, 'bet.example')).toBe('bet.example');
    expect(coveringHost(index, 'a.b.bet.example')).toBe('bet.example');
    expect(coveringHost(index, 'x.deep.sub.poker.example')).toBe('deep.sub.poker.example');
    expect(coveringHost(index, 'sub.poker.example')).toBeNull();
    expect(coveringHost(index, 'bet.example.org')).toBeNull();
    expect(coveringHost(index, 'example')).toBeNull();
    expect(coveringHost(indexOf([]), 'bet.example')).toBeNull();
  });

  it('is sorted and without duplicates, and grows past its first buffer', () => {
    const hosts = Array.from({ length: 5000 }, (_, i) => `h${i % 2500}.example`);
    const index = indexOf(hosts);
    expect(index.length).toBe(2500);
    for (let i = 1; i < index.length; i++) expect(index[i]! > index[i - 1]!).toBe(true);
    expect(coveringHost(index, 'www.h2499.example')).toBe('h2499.example');
  });

  it('fingerprints differ in both halves for near names, and depend on length', () => {
    const a = hostFingerprint('a.example');
    const b = hostFingerprint('b.example');
    expect(a >> 32n).not.toBe(b >> 32n);
    expect(a & 0xffffffffn).not.toBe(b & 0xffffffffn);
    expect(hostFingerprint('')).not.toBe(hostFingerprint('\0'));
  });

  it('reads its own bytes back, and refuses a file that is not whole fingerprints', () => {
    const index = indexOf(['bet.example', 'casino.example']);
    const bytes = index.buffer.slice(index.byteOffset, index.byteOffset + index.byteLength);
    expect(bytes.byteLength).toBe(2 * HOST_INDEX_BYTES_PER_HOST);
    const read = hostIndexFromBytes(bytes);
    expect(read && coveringHost(read, 'www.casino.example')).toBe('casino.example');
    expect(hostIndexFromBytes(new ArrayBuffer(7))).toBeNull();
    expect(hostIndexFromBytes(new ArrayBuffer(0))?.length).toBe(0);
  });
});
