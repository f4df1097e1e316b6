import { asciiHostOrNull, normalizeHost, validateAsciiHost, type HostRejection } from '../domain';

/**
 * Streaming parser for category list feeds. Text arrives in chunks (a decoded `response.body`),
 * each complete line is reduced to one host and handed on at once, so the raw text is never held
 * whole. Pure: no browser API.
 */

export const LIST_FORMATS = ['domains', 'hosts', 'adblock'] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];

/** Why a line gave no host. Comments and blank lines are not drops; they are counted apart. */
export type DropReason = HostRejection | 'line-too-long' | 'unsupported-syntax' | 'local-name';

export interface ParseStats {
  lines: number;
  hosts: number;
  /** Comment and blank lines. */
  ignored: number;
  dropped: Partial<Record<DropReason, number>>;
  /** A few dropped lines (cut to 80 characters) so staff can see what a feed contains. */
  droppedSamples: { reason: DropReason; line: string }[];
}

export interface ListParser {
  push(text: string): void;
  /** Flushes the last line (a feed need not end with a newline). */
  end(): ParseStats;
}

/** Longer lines cannot hold a host (253 characters) plus list syntax; they are skipped unread. */
export const MAX_LINE_LENGTH = 2048;
const MAX_SAMPLES = 20;

/** Names hosts files map to themselves; never sites. */
const LOCAL_NAMES = new Set([
  'localhost',
  'localhost.localdomain',
  'local',
  'broadcasthost',
  'ip6-localhost',
  'ip6-loopback',
  'ip6-localnet',
  'ip6-mcastprefix',
  'ip6-allnodes',
  'ip6-allrouters',
  'ip6-allhosts',
  '0.0.0.0',
]);

/** AdBlock options that still mean "block this whole host". Anything else narrows the rule. */
const WHOLE_HOST_ADBLOCK_OPTIONS = new Set(['important', 'all', 'document', 'doc', 'third-party', '3p', 'popup']);

export function createListParser(format: ListFormat, onHost: (host: string) => void, maxLineLength = MAX_LINE_LENGTH): ListParser {
  const stats: ParseStats = { lines: 0, hosts: 0, ignored: 0, dropped: {}, droppedSamples: [] };
  let carry = '';
  /** True while skipping the rest of an over-long line. */
  let skipping = false;

  const drop = (reason: DropReason, line: string) => {
    stats.dropped[reason] = (stats.dropped[reason] ?? 0) + 1;
    if (stats.droppedSamples.length < MAX_SAMPLES) stats.droppedSamples.push({ reason, line: line.slice(0, 80) });
  };

  const line = (text: string) => {
    stats.lines++;
    const result = parseLine(format, text);
    if (result === null) {
      stats.ignored++;
      return;
    }
    if (typeof result === 'string') {
      stats.hosts++;
      onHost(result);
      return;
    }
    for (const item of result) {
      if (item.ok) {
        stats.hosts++;
        onHost(item.host);
      } else {
        drop(item.reason, text);
      }
    }
  };

  return {
    push(text) {
      let start = 0;
      for (;;) {
        const newline = text.indexOf('\n', start);
        if (newline === -1) break;
        if (skipping) {
          skipping = false;
          stats.lines++;
          drop('line-too-long', carry);
          carry = '';
        } else {
          const piece = text.slice(start, newline);
          const whole = carry === '' ? piece : carry + piece;
          carry = '';
          if (whole.length > maxLineLength) {
            stats.lines++;
            drop('line-too-long', whole);
          } else line(whole);
        }
        start = newline + 1;
      }
      if (start < text.length && !skipping) {
        carry = carry + text.slice(start);
        // Never buffer a giant line: keep its head for the sample, then skip to the next newline.
        if (carry.length > maxLineLength) {
          carry = carry.slice(0, 80);
          skipping = true;
        }
      }
    },
    end() {
      if (skipping) {
        stats.lines++;
        drop('line-too-long', carry);
      } else if (carry !== '') line(carry);
      carry = '';
      skipping = false;
      return stats;
    },
  };
}

type LineResult = null | string | ({ ok: true; host: string } | { ok: false; reason: DropReason })[];

/** One line → null (comment/blank), a host (fast path), or a list of results (hosts lines may name several). */
function parseLine(format: ListFormat, raw: string): LineResult {
  const text = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
  if (format === 'domains') {
    // Fast path: the common case is a bare lower-case host.
    const ascii = asciiHostOrNull(text);
    if (ascii !== null && ascii !== '') {
      const host = finishHost(ascii);
      return host.ok ? host.host : [host];
    }
    const body = stripComment(text, '#').trim();
    if (body === '' || body.startsWith('!')) return null;
    if (/\s/.test(body)) return [{ ok: false, reason: 'unsupported-syntax' }];
    return [slowHost(body)];
  }
  if (format === 'hosts') {
    const body = stripComment(text, '#').trim();
    if (body === '') return null;
    const fields = body.split(/\s+/);
    // "0.0.0.0 a.com b.com" or a bare "a.com"; the address itself is not a site.
    const names = fields.length === 1 ? fields : fields.slice(1);
    if (fields.length > 1 && !/^[\d.]+$|:/.test(fields[0] ?? '')) return [{ ok: false, reason: 'unsupported-syntax' }];
    return names.map((name) => slowHost(name));
  }
  // adblock
  const body = text.trim();
  if (body === '' || body.startsWith('!') || body.startsWith('[') || body.startsWith('#')) return null;
  if (!body.startsWith('||')) return [{ ok: false, reason: 'unsupported-syntax' }];
  const caret = body.indexOf('^');
  if (caret === -1) return [{ ok: false, reason: 'unsupported-syntax' }];
  const rest = body.slice(caret + 1);
  if (rest !== '' && rest !== '|') {
    if (!rest.startsWith('$')) return [{ ok: false, reason: 'unsupported-syntax' }];
    const options = rest.slice(1).split(',');
    if (!options.every((o) => WHOLE_HOST_ADBLOCK_OPTIONS.has(o.trim().toLowerCase()))) {
      return [{ ok: false, reason: 'unsupported-syntax' }];
    }
  }
  return [slowHost(body.slice(2, caret))];
}

function stripComment(text: string, marker: string): string {
  const at = text.indexOf(marker);
  return at === -1 ? text : text.slice(0, at);
}

/** Full normalisation for anything off the fast path: wildcards, trailing dots, IDNs (punycode). */
function slowHost(name: string): { ok: true; host: string } | { ok: false; reason: DropReason } {
  if (name.length > 253 + 3) return { ok: false, reason: 'too-long' };
  const lower = name.toLowerCase();
  if (LOCAL_NAMES.has(lower)) return { ok: false, reason: 'local-name' };
  if (name.includes('://') || name.includes('/')) return { ok: false, reason: 'unsupported-syntax' };
  if (lower.startsWith('[') || lower.includes(':')) return { ok: false, reason: 'ip-literal' };
  const result = normalizeHost(name);
  if (!result.ok) return result;
  return finishHost(result.host);
}

/** Validation plus the list-specific steps: local names, and `www.` stripped where that is safe. */
function finishHost(ascii: string): { ok: true; host: string } | { ok: false; reason: DropReason } {
  let host = ascii.charCodeAt(ascii.length - 1) === 46 ? ascii.slice(0, -1) : ascii;
  if (host.charCodeAt(0) === 46) host = host.slice(1);
  if (LOCAL_NAMES.has(host)) return { ok: false, reason: 'local-name' };
  const checked = validateAsciiHost(host);
  if (!checked.ok) return checked;
  if (host.startsWith('www.')) {
    // `www.example.com` stands for the site `example.com`; but never widen to a public suffix
    // (`www.gov.uk` must not become `gov.uk`) or to a single label.
    const bare = validateAsciiHost(host.slice(4));
    if (bare.ok) return bare;
  }
  return checked;
}
