import { browser } from 'wxt/browser';
import type { MatchedRule } from '@/src/core/blocked-navigation';

/**
 * What the background learns about navigations to tell a genuine blocked page from a forged one
 * (src/core/blocked-navigation.ts). webNavigation only reports navigations after the fact, so
 * unlike a webRequest listener it puts nothing in the way of page loads.
 */

/** webNavigation.onBeforeNavigate, as the background uses it. */
export interface NavigationStartDetails {
  tabId: number;
  frameId: number;
  url: string;
  timeStamp: number;
}

/** webNavigation.onCommitted, as the background uses it. */
export interface NavigationCommitDetails extends NavigationStartDetails {
  transitionQualifiers: readonly string[];
}

/** Chrome's record of the rules it matched for a tab; fakes in unit tests. */
export interface MatchedRulesPort {
  /**
   * Rules matched for the tab at or after `since` (epoch ms), or null when Chrome will not say:
   * outside a user gesture getMatchedRules allows 20 calls per 10 minutes per extension.
   */
  matchedRules(tabId: number, since: number): Promise<MatchedRule[] | null>;
}

type BrowserMatchedRules = {
  getMatchedRules(filter: { tabId: number; minTimeStamp: number }): Promise<{
    rulesMatchedInfo: { rule: { ruleId: number; rulesetId: string }; timeStamp: number }[];
  }>;
};

export function createBrowserMatchedRulesPort(): MatchedRulesPort {
  return {
    async matchedRules(tabId, since) {
      const dnr = (browser as unknown as { declarativeNetRequest: BrowserMatchedRules }).declarativeNetRequest;
      try {
        const { rulesMatchedInfo } = await dnr.getMatchedRules({ tabId, minTimeStamp: since });
        return rulesMatchedInfo.map((m) => ({ ruleId: m.rule.ruleId, rulesetId: m.rule.rulesetId, timeStamp: m.timeStamp }));
      } catch {
        return null;
      }
    },
  };
}

/** Event filters, applied by Chrome itself, so the worker only wakes for navigations that matter. */
export const WEB_NAVIGATION_FILTERS = {
  /** Rules only act on web requests, so only web navigations can be redirected to the blocked page. */
  starts: { url: [{ schemes: ['http', 'https'] }] },
  /** The blocked page. (Chrome matches filters against the URL without its fragment.) */
  blockedPage: () => ({ url: [{ schemes: ['chrome-extension'], hostEquals: browser.runtime.id, pathEquals: '/blocked.html' }] }),
};
