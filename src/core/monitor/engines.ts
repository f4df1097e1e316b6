/**
 * Where pupils search and where they talk to chatbots: the search engines a key stage can reach
 * (their result pages' hosts, paths and query parameters) and the AI chat sites whose prompt box the
 * content script reads when a prompt is sent. The background hears of result pages through
 * webNavigation events that Chrome filters to exactly these URLs, never a listener on every request.
 */

/** The `detail.engine` of a search alert. */
export const ENGINE_IDS = [
  'google',
  'bing',
  'duckduckgo',
  'youtube',
  'yahoo',
  'ecosia',
  'brave',
  'startpage',
  'qwant',
  'yandex',
  'kiddle',
  'swisscows',
  'ai-chat',
] as const;
export type EngineId = (typeof ENGINE_IDS)[number];

interface SearchEngine {
  id: Exclude<EngineId, 'ai-chat'>;
  /** The registrable host (subdomains included), or `google.` for every Google country domain. */
  host: string;
  /** Result-page paths (exact). */
  paths: readonly string[];
  /** Query parameters that hold the search, first found wins. */
  params: readonly string[];
}

export const SEARCH_ENGINES: readonly SearchEngine[] = [
  { id: 'google', host: 'google.', paths: ['/search', '/webhp', '/'], params: ['q'] },
  { id: 'bing', host: 'bing.com', paths: ['/search', '/images/search', '/videos/search', '/news/search'], params: ['q'] },
  { id: 'duckduckgo', host: 'duckduckgo.com', paths: ['/', '/html', '/html/', '/lite', '/lite/'], params: ['q'] },
  { id: 'youtube', host: 'youtube.com', paths: ['/results'], params: ['search_query', 'q'] },
  { id: 'yahoo', host: 'search.yahoo.com', paths: ['/search'], params: ['p', 'q'] },
  { id: 'ecosia', host: 'ecosia.org', paths: ['/search', '/images', '/videos'], params: ['q'] },
  { id: 'brave', host: 'search.brave.com', paths: ['/search', '/images', '/videos'], params: ['q'] },
  { id: 'startpage', host: 'startpage.com', paths: ['/search', '/do/search', '/sp/search'], params: ['query', 'q'] },
  { id: 'qwant', host: 'qwant.com', paths: ['/'], params: ['q'] },
  { id: 'yandex', host: 'yandex.com', paths: ['/search', '/search/'], params: ['text'] },
  { id: 'kiddle', host: 'kiddle.co', paths: ['/s.php'], params: ['q'] },
  { id: 'swisscows', host: 'swisscows.com', paths: ['/web', '/en/web'], params: ['query'] },
];

/** Chatbot sites whose prompts are checked when sent (their answers are page text like any other). */
export const AI_CHAT_HOSTS: readonly string[] = [
  'chatgpt.com',
  'chat.openai.com',
  'gemini.google.com',
  'copilot.microsoft.com',
  'claude.ai',
  'perplexity.ai',
  'character.ai',
  'poe.com',
  'meta.ai',
  'chat.deepseek.com',
  'chat.mistral.ai',
  'grok.com',
  'pi.ai',
  'huggingface.co',
];

/** `host` is `domain` or one of its subdomains. */
export function isHostOrSubdomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

function engineHostMatches(host: string, engineHost: string): boolean {
  // Every Google country domain: google.com, www.google.co.uk, google.com.pk…
  if (engineHost === 'google.') return /(^|\.)google\.(com|[a-z]{2,3}|co\.[a-z]{2}|com\.[a-z]{2})$/.test(host);
  return isHostOrSubdomain(host, engineHost);
}

export function isAiChatHost(host: string): boolean {
  return AI_CHAT_HOSTS.some((domain) => isHostOrSubdomain(host, domain));
}

/** The search in a result page's URL, or null when the URL is not a search (or has no words). */
export function searchOf(url: string): { engine: EngineId; host: string; query: string } | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  const host = parsed.hostname.toLowerCase();
  for (const engine of SEARCH_ENGINES) {
    if (!engineHostMatches(host, engine.host) || !engine.paths.includes(parsed.pathname)) continue;
    // Some engines keep the query in the fragment after a single-page update (#q=…).
    const fragment = new URLSearchParams(parsed.hash.slice(1));
    for (const param of engine.params) {
      const query = (parsed.searchParams.get(param) ?? fragment.get(param) ?? '').trim();
      if (query !== '') return { engine: engine.id, host, query };
    }
  }
  return null;
}

/** A webNavigation URL filter (the fields Chrome's events.UrlFilter takes that are used here). */
export interface NavigationUrlFilter {
  schemes?: string[];
  hostContains?: string;
  hostSuffix?: string;
  hostEquals?: string;
  pathEquals?: string;
  queryContains?: string;
}

/** One filter per engine and result path: Chrome wakes the worker only for these pages. */
export function searchNavigationFilters(): NavigationUrlFilter[] {
  return SEARCH_ENGINES.flatMap((engine) =>
    engine.paths.map((pathEquals) => ({
      schemes: ['http', 'https'],
      // The exact host is re-checked by searchOf: a filter can only say "contains" or "ends with".
      ...(engine.host === 'google.' ? { hostContains: 'google.' } : { hostSuffix: engine.host }),
      pathEquals,
      // A home page is a search only with its parameter: google.com/ alone must not wake the worker.
      ...(pathEquals === '/' ? { queryContains: `${engine.params[0] ?? 'q'}=` } : {}),
    })),
  );
}
