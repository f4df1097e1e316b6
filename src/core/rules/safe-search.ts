import type { SafeSearchLevel } from '../policy/schema';
import { FRAME_TYPES, SUBRESOURCE_TYPES, type DnrRule, type ResourceType } from './dnr-types';
import { PRIORITY, RULE_ID } from './rule-ids';

const SEARCH_TYPES: ResourceType[] = ['main_frame', 'sub_frame', 'xmlhttprequest'];

export const GOOGLE_SEARCH_DOMAINS = [
  'google.com',
  'google.co.uk',
  'google.ie',
  'google.fr',
  'google.de',
  'google.es',
  'google.it',
  'google.pl',
  'google.ro',
  'google.nl',
  'google.be',
  'google.pt',
  'google.com.pk',
  'google.co.in',
  'google.com.au',
  'google.ca',
  'google.com.bd',
  'google.com.ng',
  'google.com.tr',
  'google.com.sa',
  'google.ae',
];
export const BING_SEARCH_DOMAINS = ['bing.com'];
export const DUCKDUCKGO_SEARCH_DOMAINS = ['duckduckgo.com'];
export const YOUTUBE_DOMAINS = ['youtube.com', 'youtube-nocookie.com', 'youtubei.googleapis.com', 'youtube.googleapis.com'];

/**
 * Safe-search rules: a query-parameter redirect per engine (Chrome skips a redirect whose result
 * equals the request, so there is no loop) and the YouTube-Restrict header. `isBlocked` removes
 * engine hosts the school blocks: the redirect outranks blocks, so it must not cover them.
 */
export function compileSafeSearchRules(
  safeSearch: SafeSearchLevel,
  youtubeRestrict: SafeSearchLevel,
  isBlocked: (host: string) => boolean,
): DnrRule[] {
  const rules: DnrRule[] = [];
  const open = (domains: string[]) => domains.filter((d) => !isBlocked(d));
  const redirect = (id: number, domains: string[], regexFilter: string, key: string, value: string) => {
    const requestDomains = open(domains);
    if (requestDomains.length === 0) return;
    rules.push({
      id,
      priority: PRIORITY.SAFE_SEARCH,
      action: {
        type: 'redirect',
        redirect: { transform: { queryTransform: { addOrReplaceParams: [{ key, value }] } } },
      },
      condition: { regexFilter, requestDomains, resourceTypes: SEARCH_TYPES },
    });
  };
  if (safeSearch !== 'off') {
    redirect(RULE_ID.SAFE_SEARCH_GOOGLE, GOOGLE_SEARCH_DOMAINS, '^https?://[^/]+/(search|images|imghp|webhp)', 'safe', 'active');
    redirect(
      RULE_ID.SAFE_SEARCH_BING,
      BING_SEARCH_DOMAINS,
      '^https?://[^/]+/((images|videos|news)/)?search',
      'adlt',
      safeSearch === 'strict' ? 'strict' : 'moderate',
    );
    redirect(
      RULE_ID.SAFE_SEARCH_DUCKDUCKGO,
      DUCKDUCKGO_SEARCH_DOMAINS,
      '^https?://[^/]+/((html|lite)/?)?\\?',
      'kp',
      safeSearch === 'strict' ? '1' : '-1',
    );
  }
  const youtubeDomains = open(YOUTUBE_DOMAINS);
  if (youtubeRestrict !== 'off' && youtubeDomains.length > 0) {
    rules.push({
      id: RULE_ID.YOUTUBE_RESTRICT,
      priority: PRIORITY.SAFE_SEARCH,
      action: {
        type: 'modifyHeaders',
        requestHeaders: [{ header: 'YouTube-Restrict', operation: 'set', value: youtubeRestrict === 'strict' ? 'Strict' : 'Moderate' }],
      },
      // Without resourceTypes DNR would skip main_frame, the page request YouTube checks.
      condition: { requestDomains: youtubeDomains, resourceTypes: [...FRAME_TYPES, ...SUBRESOURCE_TYPES] },
    });
  }
  return rules;
}
