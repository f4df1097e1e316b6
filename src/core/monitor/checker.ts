import { compileMatcher, type Matcher, type MatcherSource } from './matcher';
import { judgeQuery, judgeText, type Verdict } from './score';

/** A query or prompt is read up to this many characters: no search is longer, and a pasted essay is not a query. */
export const MAX_QUERY_CHARS = 2_000;
/** Page text is read up to this many characters per check (the content script sends no more). */
export const MAX_PAGE_CHARS = 200_000;

/** The compiled lexicon and the two ways of judging text with it. */
export interface Checker {
  readonly matcher: Matcher;
  /** A search query or a chatbot prompt. */
  query(text: string): Verdict | null;
  /** Text read from a page. */
  page(text: string): Verdict | null;
}

export function createChecker(source: MatcherSource): Checker {
  const matcher = compileMatcher(source);
  return {
    matcher,
    query: (text) => judgeQuery(matcher.analyse(text, MAX_QUERY_CHARS), matcher.entries),
    page: (text) => judgeText(matcher.analyse(text, MAX_PAGE_CHARS), matcher.entries),
  };
}
