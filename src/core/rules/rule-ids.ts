import { CATEGORIES, type Category } from '../categories';
import type { LockedEngineId } from '../search-engines';

/**
 * Rule priorities: a higher number wins. Illegal content beats everything a school sets; safe
 * search and the YouTube header must outrank allow rules or allowing google.com would switch safe
 * search off; a school's allow beats its own block, which beats categories.
 */
export const PRIORITY = {
  ILLEGAL_BLOCK: 100,
  /** Session rules from a pupil's report (issue 3): above any allow, below illegal. */
  REPORTED_SESSION_BLOCK: 95,
  SAFE_SEARCH: 90,
  /** An adult's time-boxed lesson unlock on one device. */
  TEMPORARY_ALLOW: 85,
  SCHOOL_ALLOW: 80,
  SCHOOL_BLOCK: 70,
  CATEGORY_BLOCK: 60,
  APPROVED_SITES_ALLOW: 20,
  APPROVED_ONLY_CATCH_ALL: 10,
  /**
   * The session tier's "silencer" (see tiers.ts): an allow-everything session rule below every
   * live rule and above every rule of the restart copy, so that copy is inert while it is there.
   */
  RESTART_COPY_SILENCER: 8,
} as const;

/**
 * Priorities of the restart copy (dynamic mirror of the session tier): the live order, squeezed
 * below RESTART_COPY_SILENCER. Only after a browser restart, before the worker has put the session
 * tier back, does this copy decide anything; list chunks (priority 60 and 100) then outrank it, so
 * a school allow may over-block a listed host for that moment, never the other way round.
 */
export const RESTART_COPY_PRIORITY: Readonly<Record<number, number>> = {
  [PRIORITY.APPROVED_ONLY_CATCH_ALL]: 1,
  [PRIORITY.APPROVED_SITES_ALLOW]: 2,
  [PRIORITY.CATEGORY_BLOCK]: 3,
  [PRIORITY.SCHOOL_BLOCK]: 4,
  [PRIORITY.SCHOOL_ALLOW]: 5,
  [PRIORITY.SAFE_SEARCH]: 6,
  [PRIORITY.ILLEGAL_BLOCK]: 7,
};

/** Stable dynamic rule IDs, so an unchanged rule keeps its ID across compiles and can be skipped. */
export const RULE_ID = {
  APPROVED_ONLY_CATCH_ALL: 1,
  APPROVED_SITES_ALLOW: 2,
  SCHOOL_ALLOW: 3,
  SCHOOL_BLOCK_FRAMES: 4,
  SCHOOL_BLOCK_SUBRESOURCES: 5,
  SAFE_SEARCH_GOOGLE: 10,
  SAFE_SEARCH_BING: 11,
  SAFE_SEARCH_DUCKDUCKGO: 12,
  YOUTUBE_RESTRICT: 13,
  SAFE_SEARCH_YAHOO: 14,
  /** Search engines safe search cannot be locked on (search-engines.ts), blocked while it is on. */
  UNLOCKABLE_SEARCH_FRAMES: 15,
  UNLOCKABLE_SEARCH_SUBRESOURCES: 16,
  /** A search engine's open image proxy opened as a page (search-engines.ts, imageProxyHosts). */
  SEARCH_IMAGE_PROXY_PAGES: 17,
  /** Session rule only; see PRIORITY.RESTART_COPY_SILENCER. */
  RESTART_COPY_SILENCER: 20,
} as const;

/**
 * Per locked search engine (safe-search.ts): the parameter lock, the refusal of result URLs that
 * disguise a parameter, and the refusal of searches sent by POST.
 */
export const SAFE_SEARCH_RULE_IDS: Record<LockedEngineId, { lock: number; disguised: number; post: number }> = {
  google: { lock: RULE_ID.SAFE_SEARCH_GOOGLE, disguised: 30, post: 40 },
  bing: { lock: RULE_ID.SAFE_SEARCH_BING, disguised: 31, post: 41 },
  duckduckgo: { lock: RULE_ID.SAFE_SEARCH_DUCKDUCKGO, disguised: 32, post: 42 },
  yahoo: { lock: RULE_ID.SAFE_SEARCH_YAHOO, disguised: 33, post: 43 },
};

const CATEGORY_ID_BASE = 100_000;
/** IDs reserved per category: two rules (frames, subresources) per chunk of domains. */
export const CATEGORY_ID_SPAN = 10_000;
export const MAX_CHUNKS_PER_CATEGORY = CATEGORY_ID_SPAN / 2;

export function categoryRuleId(category: Category, chunk: number, kind: 'frames' | 'subresources'): number {
  return CATEGORY_ID_BASE + CATEGORIES.indexOf(category) * CATEGORY_ID_SPAN + chunk * 2 + (kind === 'frames' ? 0 : 1);
}

/** Session rule IDs (reported hosts, lesson unlocks) live in their own range. */
export const SESSION_RULE_ID_BASE = 1_000_000;

/** The restart copy's rule IDs: the live rule's ID plus this, so the two never collide. */
export const RESTART_COPY_ID_OFFSET = 2_000_000;
