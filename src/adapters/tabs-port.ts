import { browser } from 'wxt/browser';

/** The slice of chrome.tabs / chrome.windows the pupil-safety features use; fakes in unit tests. */
export interface TabsPort {
  /**
   * Covers the tab's page at once with an opaque black layer, so the screen is dark before the
   * dark blocked page has loaded. Reads nothing from the page. Never rejects: a page that cannot
   * be scripted (a browser page, or one already navigating away) simply waits for the navigation.
   */
  cover(tabId: number): Promise<void>;
  navigate(tabId: number, url: string): Promise<void>;
  reload(tabId: number): Promise<void>;
  /** Goes back in the tab's history; false when there is nowhere to go back to. */
  goBack(tabId: number): Promise<boolean>;
  /** The tab's current URL, or null when it is gone or not readable. */
  urlOf(tabId: number): Promise<string | null>;
  /** Every tab with its URL (needs host permissions to see URLs, which the extension has). */
  allTabs(): Promise<{ id: number; url: string }[]>;
  /** The active tab of the last focused normal window: what the popup's pupil is looking at. */
  activeTabId(): Promise<number | null>;
}

/** The id of the covering layer; tests and the latency benchmark look for it. */
export const DARK_COVER_ID = 'school-safeguard-dark-cover';

/** Runs in the page: a full-viewport black layer above everything, inert and unlabelled. */
function coverPage(id: string): void {
  const cover = document.createElement('div');
  cover.id = id;
  cover.setAttribute('aria-hidden', 'true');
  cover.style.cssText =
    'position:fixed!important;inset:0!important;z-index:2147483647!important;background:#000!important;pointer-events:all!important';
  document.documentElement.append(cover);
}

export function createBrowserTabsPort(): TabsPort {
  return {
    async cover(tabId) {
      await browser.scripting
        .executeScript({ target: { tabId }, func: coverPage, args: [DARK_COVER_ID], injectImmediately: true })
        .catch(() => undefined);
    },
    async navigate(tabId, url) {
      await browser.tabs.update(tabId, { url });
    },
    async reload(tabId) {
      await browser.tabs.reload(tabId);
    },
    async goBack(tabId) {
      try {
        await browser.tabs.goBack(tabId);
        return true;
      } catch {
        return false;
      }
    },
    async urlOf(tabId) {
      try {
        return (await browser.tabs.get(tabId)).url ?? null;
      } catch {
        return null;
      }
    },
    async allTabs() {
      const tabs = await browser.tabs.query({});
      return tabs.flatMap((tab) => (tab.id !== undefined && tab.url ? [{ id: tab.id, url: tab.url }] : []));
    },
    async activeTabId() {
      // A popup or an extension page opened in its own window must not be mistaken for the pupil's page.
      const window = await browser.windows.getLastFocused({ windowTypes: ['normal'] }).catch(() => null);
      if (!window?.id) return null;
      const [tab] = await browser.tabs.query({ active: true, windowId: window.id });
      return tab?.id ?? null;
    },
  };
}
