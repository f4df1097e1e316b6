import type { Page } from 'playwright-core';
import { blockedPagePrefix } from './harness';

/** One navigation of a pupil browsing without a pause. */
export interface Visit {
  url: string;
  /** Milliseconds after browsing started. */
  at: number;
  /** Where the tab ended up: the blocked page, the site itself, or nowhere (the navigation failed). */
  outcome: 'blocked' | 'served' | 'failed';
}

export interface Browsing {
  /** Stops after the navigation under way and returns every visit. */
  stop(): Promise<Visit[]>;
  visits: Visit[];
  /** Date.now() when browsing began: visits' `at` count from it. */
  startedAt: number;
}

/**
 * A pupil clicking without a pause: `page` navigates to each of `urls` in turn, one navigation
 * every `everyMs` at most (the next starts as soon as the last committed, or after `everyMs` if
 * that is later), until stopped. Nothing waits for the extension: this is what a tab restored at
 * start-up does.
 */
export function browseContinuously(page: Page, urls: readonly string[], everyMs = 250): Browsing {
  const visits: Visit[] = [];
  const started = Date.now();
  let running = true;
  const loop = (async () => {
    for (let i = 0; running; i++) {
      const url = urls[i % urls.length] ?? 'about:blank';
      const at = Date.now() - started;
      let outcome: Visit['outcome'] = 'failed';
      try {
        await page.goto(url, { waitUntil: 'commit', timeout: 5_000 });
        outcome = page.url().startsWith(blockedPagePrefix()) ? 'blocked' : 'served';
      } catch {
        // A redirect to the blocked page can abort the first commit; look where the tab is now.
        if (page.url().startsWith(blockedPagePrefix())) outcome = 'blocked';
      }
      visits.push({ url, at, outcome });
      const wait = at + everyMs - (Date.now() - started);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  })();
  return {
    visits,
    startedAt: started,
    async stop() {
      running = false;
      await loop;
      return visits;
    },
  };
}
