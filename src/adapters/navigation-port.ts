import { browser } from 'wxt/browser';
import { searchNavigationFilters } from '@/src/core/monitor/engines';

/**
 * What the background learns about navigations to tell a genuine blocked page from a forged one
 * (src/core/blocked-navigation.ts). webNavigation reports navigations after the fact, so it puts
 * nothing in the way of page loads, and its filter below means the worker wakes only when the
 * blocked page itself commits, never for ordinary browsing.
 */

/** webNavigation.onCommitted, as the background uses it. */
export interface NavigationCommitDetails {
  tabId: number;
  frameId: number;
  url: string;
  transitionQualifiers: readonly string[];
}

/** Event filters, applied by Chrome itself. */
export const WEB_NAVIGATION_FILTERS = {
  /** The blocked page. (Chrome matches filters against the URL without its query and fragment.) */
  blockedPage: () => ({ url: [{ schemes: ['chrome-extension'], hostEquals: browser.runtime.id, pathEquals: '/blocked.html' }] }),
  /** Search engines' result pages (monitoring, issue 14): the worker wakes for searches, not for browsing. */
  searchResults: () => ({ url: searchNavigationFilters() }),
};
