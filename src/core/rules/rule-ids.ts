import { CATEGORIES, type Category } from '../categories';

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
} as const;

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
} as const;

const CATEGORY_ID_BASE = 100_000;
/** IDs reserved per category: two rules (frames, subresources) per chunk of domains. */
export const CATEGORY_ID_SPAN = 10_000;
export const MAX_CHUNKS_PER_CATEGORY = CATEGORY_ID_SPAN / 2;

export function categoryRuleId(category: Category, chunk: number, kind: 'frames' | 'subresources'): number {
  return CATEGORY_ID_BASE + CATEGORIES.indexOf(category) * CATEGORY_ID_SPAN + chunk * 2 + (kind === 'frames' ? 0 : 1);
}

/** Session rule IDs (reported hosts, lesson unlocks) live in their own range. */
export const SESSION_RULE_ID_BASE = 1_000_000;
