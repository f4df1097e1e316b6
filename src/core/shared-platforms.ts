import { hostOfUrl, isCoveredBy } from './domain';

/**
 * What a pupil's report blocks (issue 12). On a shared platform (Google Docs, YouTube, Wikipedia,
 * Microsoft 365…) the whole school uses one host, so a report blocks **that page** only: the document, the
 * video, the article. Anywhere else it blocks the host, for the rest of the browser session.
 *
 * The page is matched by a DNR regexFilter. Chrome gives each regex rule very little memory (RE2, 2 KB:
 * about 80 literal characters in these patterns, measured in Chromium), so a pattern names the page by its
 * shortest stable part (a document ID, a video ID, an article path), leaves the host to the rule's
 * `requestDomains`, and stops after the page's name: Chrome replaces only the matched part of the URL, so
 * `blocked-page#…&url=\0` still carries the whole address. A name longer than MAX_PAGE_NAME_CHARS is cut to
 * a prefix of it (a few more pages of that host, never the host).
 */
export const MAX_PAGE_NAME_CHARS = 60;

/** How a page of a platform is named: its path (exactly, or as a prefix), and a query parameter where the content is named there. */
export interface PageName {
  path: string;
  /** The path names a document; anything below it (`/edit`, `/view`) is the same document. */
  prefix: boolean;
  /** The platform puts the content in the query (YouTube `watch?v=`, a search's `q=`): raw, as in the URL. */
  query?: { name: string; value: string };
}

export interface SharedPlatform {
  name: string;
  /** Each also covers its subdomains. */
  domains: readonly string[];
  pageOf(url: URL): PageName;
}

/** A query parameter's value as written in the URL (still percent-encoded), or null. */
function rawQueryValue(url: URL, name: string): string | null {
  for (const pair of url.search.slice(1).split('&')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq) === name && eq + 1 < pair.length) return pair.slice(eq + 1);
  }
  return null;
}

const exactPath = (url: URL): PageName => ({ path: url.pathname, prefix: false });

/** The first of `names` present in the query, else the exact path. */
const byQuery =
  (names: readonly string[], paths?: RegExp) =>
  (url: URL): PageName => {
    if (paths === undefined || paths.test(url.pathname)) {
      for (const name of names) {
        const value = rawQueryValue(url, name);
        if (value !== null) return { path: url.pathname, prefix: false, query: { name, value } };
      }
    }
    return exactPath(url);
  };

/** A document path such as `/document/d/<id>`: the part that names it. */
const prefixOrElse = (pattern: RegExp, otherwise: (url: URL) => PageName) => (url: URL) => {
  const match = pattern.exec(url.pathname);
  return match ? { path: match[0], prefix: true } : otherwise(url);
};

const GOOGLE_DOCUMENT = /^\/(?:document|spreadsheets|presentation|forms|drawings|file)(?:\/u\/\d+)?\/d\/(?:e\/)?[A-Za-z0-9_-]+/;
const GOOGLE_FOLDER = /^\/drive(?:\/u\/\d+)?\/folders\/[A-Za-z0-9_-]+/;
const YOUTUBE_VIDEO = /^\/(?:shorts|embed|live)\/[A-Za-z0-9_-]+/;

export const SHARED_PLATFORMS: readonly SharedPlatform[] = [
  {
    // Docs, Drive, Sites, Classroom, and Google Search (the search words are in `q`).
    name: 'Google',
    domains: ['google.com', 'google.co.uk'],
    pageOf: prefixOrElse(GOOGLE_DOCUMENT, prefixOrElse(GOOGLE_FOLDER, byQuery(['q', 'id'], /^\/(?:search|open)$/))),
  },
  {
    name: 'YouTube',
    domains: ['youtube.com', 'youtube-nocookie.com', 'youtu.be'],
    pageOf: prefixOrElse(YOUTUBE_VIDEO, byQuery(['v', 'search_query'], /^\/(?:watch|results)$/)),
  },
  {
    name: 'Wikipedia',
    domains: ['wikipedia.org', 'wikimedia.org', 'wiktionary.org', 'wikibooks.org'],
    pageOf: byQuery(['title'], /^\/w\/index\.php$/),
  },
  {
    name: 'Microsoft 365',
    domains: ['sharepoint.com', 'office.com', 'microsoft365.com', 'office365.com', 'cloud.microsoft', 'onedrive.live.com', 'onedrive.com'],
    pageOf: byQuery(['sourcedoc', 'resid', 'id']),
  },
  { name: 'Bing', domains: ['bing.com'], pageOf: byQuery(['q'], /\/search$/) },
  { name: 'DuckDuckGo', domains: ['duckduckgo.com'], pageOf: byQuery(['q']) },
];

export type ReportTarget =
  | { scope: 'host'; host: string }
  /** `regex`: a DNR regexFilter (RE2 and JavaScript alike) matching the start of every URL of the page. */
  | { scope: 'page'; host: string; regex: string };

const escapeRegex = (text: string) => text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
const isPrintableAscii = (text: string) => /^[\x21-\x7e]*$/.test(text);

/** The regex for a page name, cut to fit Chrome's regex memory. */
export function pageRegex(page: PageName): string {
  const head = '^https?://[^/]+';
  // A path too long to leave room for the query's value: the path alone, cut, names the page.
  if (page.query && page.path.length + page.query.name.length > MAX_PAGE_NAME_CHARS - 8)
    return pageRegex({ path: page.path, prefix: true });
  if (page.query) {
    const room = MAX_PAGE_NAME_CHARS - page.path.length - page.query.name.length;
    const cut = page.query.value.length > room;
    const value = escapeRegex(page.query.value.slice(0, room));
    return `${head}${escapeRegex(page.path)}\\?(?:[^#]*&)?${escapeRegex(page.query.name)}=${value}${cut ? '' : '(?:[&#]|$)'}`;
  }
  const cut = page.path.length > MAX_PAGE_NAME_CHARS;
  const path = escapeRegex(page.path.slice(0, MAX_PAGE_NAME_CHARS));
  if (cut) return `${head}${path}`;
  return `${head}${path}${page.prefix ? '(?:[/?#]|$)' : '(?:[?#]|$)'}`;
}

/**
 * What a report of `url` blocks. `schoolPlatforms` (policy `reports.sharedPlatforms`) adds hosts whose
 * pages are reported one by one (by exact path). Null for anything that is not an http(s) page.
 */
export function reportTargetFor(url: string, schoolPlatforms: readonly string[] = []): ReportTarget | null {
  const host = hostOfUrl(url);
  if (host === null) return null;
  const parsed = new URL(url);
  const platform = SHARED_PLATFORMS.find((p) => isCoveredBy(new Set(p.domains), host));
  const page = platform ? platform.pageOf(parsed) : isCoveredBy(new Set(schoolPlatforms), host) ? exactPath(parsed) : null;
  if (page === null) return { scope: 'host', host };
  // Browsers send paths percent-encoded; anything else cannot be put in a DNR regex safely, so the host it is.
  if (!isPrintableAscii(page.path) || (page.query && !isPrintableAscii(page.query.value))) return { scope: 'host', host };
  return { scope: 'page', host, regex: pageRegex(page) };
}

/** Whether a tab at `url` shows what `target` blocks. */
export function showsReported(target: ReportTarget, url: string): boolean {
  const host = hostOfUrl(url);
  if (host === null || !isCoveredBy(new Set([target.host]), host)) return false;
  return target.scope === 'host' || new RegExp(target.regex).test(url);
}
