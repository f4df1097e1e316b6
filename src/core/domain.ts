/**
 * Host-name normalisation shared by admin policy entries and list feeds. Pure: uses only the
 * WHATWG URL parser (for IDN → punycode), which exists in Node and in every browser context.
 */

export type HostRejection = 'empty' | 'ip-literal' | 'bad-characters' | 'single-label' | 'public-suffix' | 'too-long' | 'bad-label';

export type HostResult = { ok: true; host: string } | { ok: false; reason: HostRejection };

export const HOST_REJECTION_MESSAGES: Record<HostRejection, string> = {
  empty: 'is empty',
  'ip-literal': 'is an IP address; block or allow the host name instead',
  'bad-characters': 'is not a valid host name',
  'single-label': 'has no dot, so it would match a whole top-level domain or an intranet name',
  'public-suffix': 'is a public suffix shared by many unrelated sites (for example co.uk)',
  'too-long': 'is longer than 253 characters',
  'bad-label': 'has an empty or over-long part between dots',
};

/**
 * Suffixes under which unrelated organisations register names. Blocking or allowing one of these
 * would catch thousands of sites, so they are refused. Not the whole Public Suffix List: the
 * entries a school or a list is likely to contain by mistake.
 */
export const PUBLIC_SUFFIXES: ReadonlySet<string> = new Set([
  'co.uk',
  'org.uk',
  'ac.uk',
  'gov.uk',
  'sch.uk',
  'nhs.uk',
  'ltd.uk',
  'plc.uk',
  'me.uk',
  'net.uk',
  'police.uk',
  'com.au',
  'net.au',
  'org.au',
  'edu.au',
  'gov.au',
  'co.nz',
  'org.nz',
  'co.za',
  'co.in',
  'co.jp',
  'com.br',
  'com.cn',
  'com.tr',
  'com.mx',
  'com.pl',
  'com.ar',
  'co.kr',
  'com.sg',
  'com.hk',
  'github.io',
  'blogspot.com',
  'appspot.com',
  'herokuapp.com',
  'pages.dev',
  'vercel.app',
  'netlify.app',
  'web.app',
  'firebaseapp.com',
  'azurewebsites.net',
  'cloudfront.net',
  'wordpress.com',
  'sites.google.com',
]);

const MAX_HOST_LENGTH = 253;
const MAX_LABEL_LENGTH = 63;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * Normalises one host name as an administrator might type it: case, surrounding space, a pasted
 * URL, a leading `*.` or `.` wildcard, a trailing dot, and IDNs (converted to punycode).
 */
export function normalizeHost(raw: string): HostResult {
  let text = raw.trim();
  if (text === '') return { ok: false, reason: 'empty' };
  if (text.includes('://')) {
    try {
      text = new URL(text).hostname;
    } catch {
      return { ok: false, reason: 'bad-characters' };
    }
  }
  text = text.replace(/^\*?\./, '').replace(/\.$/, '');
  const ascii = asciiHostOrNull(text);
  const host = ascii ?? toPunycode(text);
  if (host === null) return { ok: false, reason: 'bad-characters' };
  return validateAsciiHost(host);
}

/**
 * Fast path for list feeds: lower-cases an ASCII host with one character scan, or returns null
 * when the text holds anything that needs the full parser (non-ASCII, spaces, slashes…).
 */
export function asciiHostOrNull(text: string): string | null {
  let lower = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) continue; // a-z
    if ((c >= 48 && c <= 57) || c === 46 || c === 45 || c === 95) continue; // 0-9 . - _
    if (c >= 65 && c <= 90) {
      lower = true;
      continue;
    }
    return null;
  }
  return lower ? text.toLowerCase() : text;
}

function toPunycode(text: string): string | null {
  if (/[\s/\\?#@:[\]%]/.test(text)) return null;
  try {
    const host = new URL(`http://${text}/`).hostname;
    return asciiHostOrNull(host);
  } catch {
    return null;
  }
}

/** Checks an already lower-cased ASCII host. */
export function validateAsciiHost(host: string): HostResult {
  if (host === '') return { ok: false, reason: 'empty' };
  if (host.length > MAX_HOST_LENGTH) return { ok: false, reason: 'too-long' };
  if (IPV4.test(host)) return { ok: false, reason: 'ip-literal' };
  const firstDot = host.indexOf('.');
  if (firstDot === -1) return { ok: false, reason: 'single-label' };
  let start = 0;
  for (;;) {
    const dot = host.indexOf('.', start);
    const end = dot === -1 ? host.length : dot;
    const length = end - start;
    if (length === 0 || length > MAX_LABEL_LENGTH) return { ok: false, reason: 'bad-label' };
    if (host.charCodeAt(start) === 45 || host.charCodeAt(end - 1) === 45) return { ok: false, reason: 'bad-label' };
    if (dot === -1) break;
    start = dot + 1;
  }
  if (PUBLIC_SUFFIXES.has(host)) return { ok: false, reason: 'public-suffix' };
  return { ok: true, host };
}

/** `a.b.example.com` → `[a.b.example.com, b.example.com, example.com, com]`: what a rule for any of them covers. */
export function selfAndParents(host: string): string[] {
  const out = [host];
  for (let dot = host.indexOf('.'); dot !== -1; dot = host.indexOf('.', dot + 1)) out.push(host.slice(dot + 1));
  return out;
}

/** True when `host` or one of its parent domains is in `domains`. */
export function isCoveredBy(domains: ReadonlySet<string>, host: string): boolean {
  let rest = host;
  for (;;) {
    if (domains.has(rest)) return true;
    const dot = rest.indexOf('.');
    if (dot === -1) return false;
    rest = rest.slice(dot + 1);
  }
}

/** The closest strict parent of `host` that is in `domains`, if any. */
export function coveringParent(domains: ReadonlySet<string>, host: string): string | undefined {
  let rest = host;
  for (;;) {
    const dot = rest.indexOf('.');
    if (dot === -1) return undefined;
    rest = rest.slice(dot + 1);
    if (domains.has(rest)) return rest;
  }
}

/**
 * Drops every host whose parent is also present: DNR `requestDomains` already matches
 * subdomains, so `a.example.com` adds nothing beside `example.com`.
 */
export function dropCoveredSubdomains(domains: ReadonlySet<string>): string[] {
  const kept: string[] = [];
  for (const host of domains) {
    if (coveringParent(domains, host) === undefined) kept.push(host);
  }
  return kept;
}

/** Host of a URL, or null when it is not an http(s) URL. */
export function hostOfUrl(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
    return parsed.hostname.replace(/\.$/, '');
  } catch {
    return null;
  }
}
