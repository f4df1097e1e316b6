import type { BlockReason } from '../block-reason';
import type { SafeSearchLevel } from '../policy/schema';
import { LOCKED_SEARCH_ENGINES, UNLOCKABLE_SEARCH_ENGINES, type LockedEngineId, type LockedSearchEngine } from '../search-engines';
import { FRAME_TYPES, SUBRESOURCE_TYPES, type DnrRule, type ResourceType, type RuleAction } from './dnr-types';
import { PRIORITY, RULE_ID, SAFE_SEARCH_RULE_IDS } from './rule-ids';

/** Result pages, frames that embed them, and the requests their scripts fetch results and images with. */
const SEARCH_TYPES: ResourceType[] = ['main_frame', 'sub_frame', 'xmlhttprequest'];
const SEARCH_AND_IMAGE_TYPES: ResourceType[] = [...SEARCH_TYPES, 'image'];

export const YOUTUBE_DOMAINS = ['youtube.com', 'youtube-nocookie.com', 'youtubei.googleapis.com', 'youtube.googleapis.com'];

/** Circumvention is what a pupil sees for an engine that cannot be locked: a way round safe search. */
export const UNLOCKABLE_SEARCH_REASON: BlockReason = { kind: 'category', category: 'circumvention' };

export interface SafeSearchInput {
  safeSearch: SafeSearchLevel;
  youtubeRestrict: SafeSearchLevel;
  /** Whether the school blocks a host: the lock outranks blocks, so it must not cover them. */
  isBlocked: (host: string) => boolean;
  /** The redirect to the blocked page for a reason (the compiler's, with this device's page). */
  blockedPage: (reason: BlockReason) => RuleAction;
}

/** Every upper/lower-case spelling of a parameter name (`safe`, `SAFE`, `Safe`…): servers may read any of them. */
export function caseSpellings(name: string): string[] {
  let spellings = [''];
  for (const char of name) {
    const forms = [...new Set([char.toLowerCase(), char.toUpperCase()])];
    spellings = spellings.flatMap((head) => forms.map((form) => head + form));
  }
  return spellings;
}

/** Scheme and host of a URL as Chrome hands it to the rules (canonical: no `?` or `#` in the host). */
const HOST = '^https?://[^/]+/';

/** The engine's result and image endpoints, as a regexFilter. */
export function resultUrlPattern(engine: LockedSearchEngine): string {
  return `${HOST}(?:${engine.resultPaths}${engine.resultsAtRoot ? '|$|\\?' : ''})`;
}

/**
 * A result URL that hides a parameter from the lock: a name with an encoded character or a `+`
 * (`saf%65=off`, which the server decodes but Chrome's removeParams does not match), or a `;`
 * (which some servers read as a separator). No page of these engines writes such a URL. Where the
 * home page is a result page, any URL of the engine is checked. (Written to fit Chrome's 2 KB limit
 * for a compiled regexFilter: tighter forms of the same test exceed it for Google's endpoints.)
 */
export function disguisedUrlPattern(engine: LockedSearchEngine): string {
  const path = engine.resultsAtRoot ? '' : engine.resultPaths;
  return `${HOST}${path}[^#]*(?:;|[?&][^=&#]*[%+])`;
}

/**
 * Safe-search rules (README: "Safe search that holds"). For each locked engine, on its result
 * endpoints: a redirect that removes every spelling of the engine's own controls and sets them
 * safe (Chrome skips a redirect whose result equals the request, so there is no loop; removing
 * first closes `safe=off&safe=off`, whose second copy a plain replace leaves); a block, at the same
 * priority, of URLs that disguise a parameter (a block beats a redirect at equal priority); and,
 * where the engine takes searches by POST, a block of POST. An engine's open image proxy may load
 * images on its pages but is not opened as a page. While safe search is on, engines that
 * cannot be locked are sent to the blocked page like a category (a school's allowDomains, which
 * the audit log records, can still open one). And the YouTube-Restrict header.
 */
export function compileSafeSearchRules(input: SafeSearchInput): DnrRule[] {
  const rules: DnrRule[] = [];
  const level = input.safeSearch;
  if (level !== 'off') {
    for (const [id, engine] of Object.entries(LOCKED_SEARCH_ENGINES) as [LockedEngineId, LockedSearchEngine][]) {
      const requestDomains = engine.domains.filter((d) => !input.isBlocked(d));
      if (requestDomains.length > 0) rules.push(...engineRules(engine, SAFE_SEARCH_RULE_IDS[id], level, requestDomains));
    }
    const unlockable = UNLOCKABLE_SEARCH_ENGINES.flatMap((engine) => engine.domains);
    const imageProxies = Object.values(LOCKED_SEARCH_ENGINES as Record<string, LockedSearchEngine>).flatMap((e) => e.imageProxyHosts ?? []);
    rules.push(
      {
        id: RULE_ID.SEARCH_IMAGE_PROXY_PAGES,
        priority: PRIORITY.SAFE_SEARCH,
        action: input.blockedPage(UNLOCKABLE_SEARCH_REASON),
        condition: { regexFilter: '^.*$', requestDomains: imageProxies, resourceTypes: [...FRAME_TYPES] },
      },
      {
        id: RULE_ID.UNLOCKABLE_SEARCH_FRAMES,
        priority: PRIORITY.CATEGORY_BLOCK,
        action: input.blockedPage(UNLOCKABLE_SEARCH_REASON),
        condition: { regexFilter: '^.*$', requestDomains: unlockable, resourceTypes: [...FRAME_TYPES] },
      },
      {
        id: RULE_ID.UNLOCKABLE_SEARCH_SUBRESOURCES,
        priority: PRIORITY.CATEGORY_BLOCK,
        action: { type: 'block' },
        condition: { requestDomains: unlockable, resourceTypes: [...SUBRESOURCE_TYPES] },
      },
    );
  }
  const youtubeDomains = YOUTUBE_DOMAINS.filter((d) => !input.isBlocked(d));
  if (input.youtubeRestrict !== 'off' && youtubeDomains.length > 0) {
    rules.push({
      id: RULE_ID.YOUTUBE_RESTRICT,
      priority: PRIORITY.SAFE_SEARCH,
      action: {
        type: 'modifyHeaders',
        requestHeaders: [
          { header: 'YouTube-Restrict', operation: 'set', value: input.youtubeRestrict === 'strict' ? 'Strict' : 'Moderate' },
        ],
      },
      // Without resourceTypes DNR would skip main_frame, the page request YouTube checks.
      condition: { requestDomains: youtubeDomains, resourceTypes: [...FRAME_TYPES, ...SUBRESOURCE_TYPES] },
    });
  }
  return rules;
}

function engineRules(
  engine: LockedSearchEngine,
  ids: { lock: number; disguised: number; post: number },
  level: 'strict' | 'moderate',
  requestDomains: string[],
): DnrRule[] {
  const resourceTypes = engine.imageEndpoints ? SEARCH_AND_IMAGE_TYPES : SEARCH_TYPES;
  const results = { regexFilter: resultUrlPattern(engine), isUrlFilterCaseSensitive: false, requestDomains, resourceTypes };
  const rules: DnrRule[] = [
    {
      id: ids.lock,
      priority: PRIORITY.SAFE_SEARCH,
      action: {
        type: 'redirect',
        redirect: {
          transform: {
            queryTransform: { removeParams: engine.controls.flatMap(caseSpellings), addOrReplaceParams: [...engine.params[level]] },
          },
        },
      },
      condition: results,
    },
    {
      id: ids.disguised,
      priority: PRIORITY.SAFE_SEARCH,
      action: { type: 'block' },
      condition: { ...results, regexFilter: disguisedUrlPattern(engine) },
    },
  ];
  if (engine.refusePost)
    rules.push({
      id: ids.post,
      priority: PRIORITY.SAFE_SEARCH,
      action: { type: 'block' },
      condition: { ...results, requestMethods: ['post'] },
    });
  return rules;
}
