import { describe, expect, it } from 'vitest';
import { asciiHostOrNull, dropCoveredSubdomains, hostOfUrl, isCoveredBy, normalizeHost } from './domain';

describe('normalizeHost', () => {
  it.each([
    ['Example.COM', 'example.com'],
    ['  example.com  ', 'example.com'],
    ['example.com.', 'example.com'],
    ['*.example.com', 'example.com'],
    ['.example.com', 'example.com'],
    ['https://Sub.Example.com/path?q=1#x', 'sub.example.com'],
    ['bücher.de', 'xn--bcher-kva.de'],
    ['МОСКВА.рф', 'xn--80adxhks.xn--p1ai'],
    ['under_score.example.com', 'under_score.example.com'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeHost(input)).toEqual({ ok: true, host: expected });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['192.168.0.1', 'ip-literal'],
    ['localhost', 'single-label'],
    ['com', 'single-label'],
    ['co.uk', 'public-suffix'],
    ['github.io', 'public-suffix'],
    ['exa mple.com', 'bad-characters'],
    ['example..com', 'bad-label'],
    ['-bad.example.com', 'bad-label'],
    [`${'a'.repeat(64)}.com`, 'bad-label'],
    [`${'a.'.repeat(130)}com`, 'too-long'],
    ['http://', 'bad-characters'],
    ['exa<mple>.com', 'bad-characters'],
  ])('rejects %j as %s', (input, reason) => {
    expect(normalizeHost(input)).toEqual({ ok: false, reason });
  });
});

describe('asciiHostOrNull', () => {
  it('lower-cases ASCII hosts and refuses anything that needs the full parser', () => {
    expect(asciiHostOrNull('WWW.Example.org')).toBe('www.example.org');
    expect(asciiHostOrNull('plain.example')).toBe('plain.example');
    expect(asciiHostOrNull('bücher.de')).toBeNull();
    expect(asciiHostOrNull('a b')).toBeNull();
    expect(asciiHostOrNull('a/b')).toBeNull();
  });
});

describe('coverage helpers', () => {
  const set = new Set(['example.com', 'deep.sub.other.org']);
  it('a listed name covers its subdomains but not look-alikes', () => {
    expect(isCoveredBy(set, 'example.com')).toBe(true);
    expect(isCoveredBy(set, 'a.b.example.com')).toBe(true);
    expect(isCoveredBy(set, 'badexample.com')).toBe(false);
    expect(isCoveredBy(set, 'sub.other.org')).toBe(false);
  });
  it('drops subdomains whose parent is listed', () => {
    expect(dropCoveredSubdomains(new Set(['a.example.com', 'example.com', 'b.a.example.com', 'other.com'])).sort()).toEqual([
      'example.com',
      'other.com',
    ]);
  });
  it('takes the host of http(s) URLs only', () => {
    expect(hostOfUrl('https://Example.com./x?y')).toBe('example.com');
    expect(hostOfUrl('javascript:alert(1)')).toBeNull();
    expect(hostOfUrl('not a url')).toBeNull();
  });
});
