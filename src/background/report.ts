import type { DnrPort } from '@/src/adapters/dnr-port';
import type { PupilSafetyStore } from '@/src/adapters/blocked-tabs';
import type { TabsPort } from '@/src/adapters/tabs-port';
import { hostOfUrl } from '@/src/core/domain';
import type { EffectivePolicy } from '@/src/core/policy/resolve';
import type { ReportChoice } from '@/src/core/report-choices';
import { freeSessionSlot, isReportRuleFor, reportedRules, slotRuleIds } from '@/src/core/rules/session-rules';
import { reportTargetFor, showsReported, type ReportTarget } from '@/src/core/shared-platforms';
import { refuse, type BlockedPages, type Reply } from './blocked-page-check';
import type { EventRecorder } from './event-recorder';

/** How long a report waits for the black layer before navigating regardless. */
export const COVER_WAIT_MS = 100;

export interface ReportDeps {
  dnr: Pick<DnrPort, 'getSessionRules' | 'updateSessionRules'>;
  tabs: Pick<TabsPort, 'cover' | 'reload' | 'urlOf' | 'allTabs'>;
  store: PupilSafetyStore;
  events: EventRecorder;
  pages: BlockedPages;
  policy(): Promise<{ policy: EffectivePolicy }>;
  blockPageUrl(): Promise<string>;
  /** A random id that links a report to the choice the pupil makes after it. */
  newId(): string;
  warn(message: string): void;
}

export interface Reports {
  /**
   * The pupil's report (popup, right-click menu, shortcut): the screen goes dark at once; the page (on a
   * shared platform) or the host is blocked for the session; only tabs showing it are covered; the report
   * is recorded at once, so it is never lost however the pupil leaves.
   */
  reportTab(tabId: number): Promise<boolean>;
  /** What the pupil says happened, once per report, from the tab they reported. */
  choose(tabId: number, pageUrl: string, choice: ReportChoice): Reply;
}

/** The reported page's address as a school may choose to receive it: never its fragment. */
const pageAddress = (url: string) => url.replace(/#.*$/, '');

export function createReports(deps: ReportDeps): Reports {
  /** Installs the session block; a page rule Chrome refuses falls back to the host, so a report always blocks. */
  async function block(target: ReportTarget): Promise<void> {
    const rules = await deps.dnr.getSessionRules();
    if (rules.some((rule) => isReportRuleFor(rule, target))) return;
    const slot = freeSessionSlot(rules);
    if (slot === null) throw new Error('No free session rule slot for a report.');
    const blockPage = await deps.blockPageUrl();
    try {
      await deps.dnr.updateSessionRules({ removeRuleIds: slotRuleIds(slot), addRules: reportedRules(target, slot, blockPage) });
    } catch (error) {
      if (target.scope === 'host') throw error;
      deps.warn(`The reported page's rule was refused (${String(error)}); blocking its host instead.`);
      await block({ scope: 'host', host: target.host });
    }
  }

  async function darkenBlockedPage(tabId: number, url: string): Promise<boolean> {
    // Already on the blocked page (or a browser page): darken what is there.
    const tab = await deps.store.getTab(tabId);
    if (!tab || tab.pageUrl !== url) return false;
    await deps.store.putTab({ ...tab, dark: true });
    // Navigating to the same URL and fragment would not reload the page.
    await deps.tabs.reload(tabId);
    return true;
  }

  return {
    async reportTab(tabId) {
      const url = await deps.tabs.urlOf(tabId);
      if (url === null) return false;
      const { policy } = await deps.policy();
      const target = reportTargetFor(url, policy.reports.sharedPlatforms);
      if (target === null) return darkenBlockedPage(tabId, url);
      // The screen goes dark first: a black layer over the page now (if the page is too busy to take it
      // within COVER_WAIT_MS, the navigation goes ahead anyway), then the dark page replaces black with
      // black. The session block and the event follow; neither waits for the other tabs.
      await Promise.race([deps.tabs.cover(tabId), new Promise((resolve) => setTimeout(resolve, COVER_WAIT_MS))]);
      const reportId = deps.newId();
      await deps.pages.show(tabId, url, { kind: 'reported' }, { dark: true, reportId });
      await block(target).catch((error: unknown) => deps.warn(`The report's session block failed: ${String(error)}`));
      await deps.events.record({
        type: 'reported',
        host: target.host,
        detail: { report: reportId },
        ...(policy.reports.sendPageAddress ? { url: pageAddress(url) } : {}),
      });
      const others = (await deps.tabs.allTabs()).filter((t) => t.id !== tabId && showsReported(target, t.url));
      for (const other of others) {
        void deps.tabs.cover(other.id);
        await deps.pages.show(other.id, other.url, { kind: 'reported' }, { dark: true });
      }
      return true;
    },

    choose: (tabId, pageUrl, choice) =>
      deps.pages.withTab(async (tab) => {
        if (tab.report === null || tab.report.choice !== null) return refuse('not-allowed');
        const next = { ...tab, report: { ...tab.report, choice } };
        await deps.store.putTab(next);
        const { policy } = await deps.policy();
        // The report itself was recorded when the pupil made it; this names what happened, linked by its id.
        await deps.events.record({
          type: 'reported',
          host: tab.host,
          choice,
          detail: { report: tab.report.id },
          ...(policy.reports.sendPageAddress && hostOfUrl(tab.originalUrl) ? { url: pageAddress(tab.originalUrl) } : {}),
        });
        return { ok: true, view: await deps.pages.view(next) };
      })(tabId, pageUrl),
  };
}
