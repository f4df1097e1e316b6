import { describe, expect, it } from 'vitest';
import { createListParser, MAX_LINE_LENGTH, type ListFormat } from './parse';

function parse(format: ListFormat, ...pieces: string[]) {
  const hosts: string[] = [];
  const parser = createListParser(format, (host) => hosts.push(host));
  for (const piece of pieces) parser.push(piece);
  return { hosts, stats: parser.end() };
}

describe('createListParser: plain domain lists', () => {
  it('normalises case, trailing dots, wildcards, IDNs and www. and skips comments', () => {
    const { hosts, stats } = parse(
      'domains',
      '# a comment\n\nExample.COM\nfoo.example.org.\n*.wild.example.net\nwww.shop.example\nbücher.example\n  spaced.example  \ninline.example # note\n',
    );
    expect(hosts).toEqual([
      'example.com',
      'foo.example.org',
      'wild.example.net',
      'shop.example',
      'xn--bcher-kva.example',
      'spaced.example',
      'inline.example',
    ]);
    expect(stats).toMatchObject({ lines: 9, hosts: 7, ignored: 2, dropped: {} });
  });

  it('keeps www. where stripping it would widen the entry to a public suffix', () => {
    expect(parse('domains', 'www.gov.uk\nwww.co.uk\n').hosts).toEqual(['www.gov.uk', 'www.co.uk']);
  });

  it('drops IP literals, local names, public suffixes and junk, counting each reason', () => {
    const { hosts, stats } = parse(
      'domains',
      '1.2.3.4\nlocalhost\nco.uk\nnodot\nbad..label\n-dash.example\nhttp://x.example/path\nok.example\n',
    );
    expect(hosts).toEqual(['ok.example']);
    expect(stats.dropped).toEqual({
      'ip-literal': 1,
      'local-name': 1,
      'public-suffix': 1,
      'single-label': 1,
      'bad-label': 2,
      'unsupported-syntax': 1,
    });
    expect(stats.droppedSamples.map((s) => s.line)).toContain('1.2.3.4');
  });

  it('handles CRLF line ends and a last line without a newline', () => {
    expect(parse('domains', 'a.example\r\nb.example\r\nc.example').hosts).toEqual(['a.example', 'b.example', 'c.example']);
  });

  it('gives the same result however the text is cut into chunks', () => {
    const text = '# c\nOne.example\r\nwww.two.example\n0.0.0.0\nthree.example.\nbücher.example\n';
    const whole = parse('domains', text);
    for (let cut = 0; cut <= text.length; cut++) {
      expect(parse('domains', text.slice(0, cut), text.slice(cut))).toEqual(whole);
    }
    expect(parse('domains', ...text.split(''))).toEqual(whole);
  });
});

describe('createListParser: hosts files', () => {
  it('reads every name after the address and ignores the loopback entries', () => {
    const { hosts, stats } = parse(
      'hosts',
      '# hosts\n127.0.0.1 localhost\n::1 localhost ip6-localhost\n0.0.0.0 ads.example  tracker.example # two\n0.0.0.0\tTAB.example\nbare.example\n255.255.255.255 broadcasthost\n',
    );
    expect(hosts).toEqual(['ads.example', 'tracker.example', 'tab.example', 'bare.example']);
    expect(stats.dropped['local-name']).toBe(4);
  });

  it('rejects lines whose first field is not an address', () => {
    expect(parse('hosts', 'example.com other.example\n').stats.dropped).toEqual({ 'unsupported-syntax': 1 });
  });
});

describe('createListParser: AdBlock lists', () => {
  it('takes ||host^ rules (with whole-host options) and refuses narrower rules', () => {
    const { hosts, stats } = parse(
      'adblock',
      '[Adblock Plus 2.0]\n! Title: test\n||ads.example^\n||Imp.example^$important\n||doc.example^$document,third-party\n||script.example^$script\n@@||allowed.example^\nexample.org##.banner\n||path.example/ads^\n|https://x.example\n',
    );
    expect(hosts).toEqual(['ads.example', 'imp.example', 'doc.example']);
    expect(stats.dropped).toEqual({ 'unsupported-syntax': 5 });
    expect(stats.ignored).toBe(2);
  });
});

describe('createListParser: hostile input', () => {
  it('a 0-byte feed gives no lines and no hosts', () => {
    expect(parse('domains', '').stats).toEqual({ lines: 0, hosts: 0, ignored: 0, dropped: {}, droppedSamples: [] });
  });

  it('skips one giant line without buffering it, and carries on after it', () => {
    const giant = 'a'.repeat(1_000_000);
    const pieces = [`first.example\n${giant.slice(0, 10)}`, ...Array.from({ length: 50 }, () => giant), 'tail\nlast.example\n'];
    const { hosts, stats } = parse('domains', ...pieces);
    expect(hosts).toEqual(['first.example', 'last.example']);
    expect(stats.dropped).toEqual({ 'line-too-long': 1 });
    expect(stats.droppedSamples[0]!.line.length).toBeLessThanOrEqual(80);
  });

  it('a whole list on one line (space separated) is refused, not half-read', () => {
    const line = Array.from({ length: 5_000 }, (_, i) => `d${i}.example`).join(' ');
    for (const format of ['domains', 'hosts', 'adblock'] as const) {
      const { hosts, stats } = parse(format, line);
      expect(hosts).toEqual([]);
      expect(stats.lines).toBe(1);
      expect(stats.dropped['line-too-long']).toBe(1);
    }
  });

  it('a line just under the limit is still read, one just over is not', () => {
    const padded = `${'a'.repeat(MAX_LINE_LENGTH - 12)}.example   `;
    expect(padded.length).toBeLessThanOrEqual(MAX_LINE_LENGTH);
    expect(parse('domains', `${padded}\n`).stats.dropped).toEqual({ 'too-long': 1 });
    expect(parse('domains', `${padded}xx\n`).stats.dropped).toEqual({ 'line-too-long': 1 });
  });

  it('binary garbage and NUL bytes never become hosts', () => {
    const bytes = new Uint8Array(200_000);
    let seed = 42;
    for (let i = 0; i < bytes.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      bytes[i] = seed >>> 24;
    }
    const text = new TextDecoder().decode(bytes);
    const tails = {
      domains: '\nok.example\0\nfine.example\n',
      hosts: '\n0.0.0.0 ok.example\0\n0.0.0.0 fine.example\n',
      adblock: '\n||ok.example\0^\n||fine.example^\n',
    };
    for (const format of ['domains', 'hosts', 'adblock'] as const) {
      const { hosts, stats } = parse(format, text, tails[format]);
      expect(hosts.every((h) => /^[a-z0-9._-]+$/.test(h))).toBe(true);
      expect(hosts).toContain('fine.example');
      expect(hosts).not.toContain('ok.example');
      expect(stats.lines).toBeGreaterThan(1);
    }
  });
});
