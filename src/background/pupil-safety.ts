import type { AuditLog } from '@/src/adapters/audit-log';
import type { PupilSafetyStore } from '@/src/adapters/blocked-tabs';
import type { DnrPort } from '@/src/adapters/dnr-port';
import type { NavigationCommitDetails } from '@/src/adapters/navigation-port';
import type { TabsPort } from '@/src/adapters/tabs-port';
import type { AlertCategory } from '@/src/core/alert-categories';
import type { PolicySource } from '@/src/core/audit';
import { buildPopupView } from '@/src/core/blocked-view';
import { hostOfUrl } from '@/src/core/domain';
import type { PageReply } from '@/src/core/page-messages';
import type { EffectivePolicy } from '@/src/core/policy/resolve';
import type { LessonUnlockMinutes } from '@/src/core/pupil-view';
import type { ReportChoice } from '@/src/core/report-choices';
import type { BakedLists } from './baked-lists';
import { createBlockedPages, type Reply } from './blocked-page-check';
import type { EventRecorder } from './event-recorder';
import type { InstalledRules } from './installed-rules';
import { createReports } from './report';
import { createUnlocks } from './unlock';

export { SAFE_PAGE_URL } from './blocked-page-check';
export { COVER_WAIT_MS } from './report';
export { LESSON_ALARM_PREFIX } from './unlock';

export interface PupilSafetyDeps {
  dnr: DnrPort;
  /** The installed rules that can match one host, for re-checking a blocked page. */
  installedRules: InstalledRules;
  /** Lists baked in at build, when this package has any: their pages come without the key. */
  bakedLists?: BakedLists;
  tabs: TabsPort;
  store: PupilSafetyStore;
  events: EventRecorder;
  audit: AuditLog;
  /** The policy being enforced (adults, unlock secrets, key stage…) and where it came from. */
  policy(): Promise<{ policy: EffectivePolicy; source: PolicySource }>;
  alarms: { create(name: string, when: number): Promise<void> | void; clear(name: string): Promise<unknown> | void };
  /** This device's blocked page, with its key (see blockPageUrlFor): what the rules redirect to. */
  blockPageUrl(): Promise<string>;
  now(): number;
  /** A random id for each report (default: a random UUID). */
  newId?(): string;
}

/**
 * Everything the background does for the pupil and the adult beside them, as the message router and the
 * entrypoint call it. Three parts, each its own module: the blocked page (blocked-page-check.ts), the
 * pupil's report (report.ts) and the adult's unlock (unlock.ts).
 */
export interface PupilSafety {
  blockedPageCommitted(details: NavigationCommitDetails): Promise<void>;
  tabClosed(tabId: number): Promise<void>;
  reportTab(tabId: number): Promise<boolean>;
  /** Monitoring found something in this tab: the harmful page, with that category's support (see block-reason.ts). */
  showAlertPage(tabId: number, category: AlertCategory): Promise<boolean>;
  lessonAlarm(name: string): Promise<void>;
  popupHello(): Promise<PageReply>;
  /** Blocked-page actions; `pageUrl` is the sender's URL, checked against the tab's record. */
  hello(tabId: number, pageUrl: string): Reply;
  darken(tabId: number, pageUrl: string): Reply;
  holdStart(tabId: number, pageUrl: string): Reply;
  unlockWithCode(tabId: number, pageUrl: string, code: string): Reply;
  unlockWithHold(tabId: number, pageUrl: string): Reply;
  goBack(tabId: number, pageUrl: string): Reply;
  lessonUnlock(tabId: number, pageUrl: string, minutes: LessonUnlockMinutes): Reply;
  requestUnblock(tabId: number, pageUrl: string): Reply;
  reportChoice(tabId: number, pageUrl: string, choice: ReportChoice): Reply;
}

export function createPupilSafety(deps: PupilSafetyDeps): PupilSafety {
  const pages = createBlockedPages(deps);
  const reports = createReports({
    ...deps,
    pages,
    newId: deps.newId ?? (() => crypto.randomUUID()),
    warn: (message) => console.warn(message),
  });
  const unlocks = createUnlocks({ ...deps, pages });
  return {
    blockedPageCommitted: pages.committed,
    tabClosed: pages.tabClosed,
    reportTab: reports.reportTab,
    async showAlertPage(tabId, category) {
      const url = await deps.tabs.urlOf(tabId);
      if (url === null || hostOfUrl(url) === null) return false;
      // Only the site's origin: a search's words (in the URL's query) stay out of the tab and its history.
      await pages.show(tabId, `${new URL(url).origin}/`, { kind: 'alert', category }, { dark: false });
      return true;
    },
    lessonAlarm: unlocks.lessonAlarm,
    popupHello: async () => ({ ok: true, popup: buildPopupView((await deps.policy()).policy, deps.now()) }),
    hello: pages.hello,
    darken: pages.darken,
    holdStart: unlocks.holdStart,
    unlockWithCode: unlocks.unlockWithCode,
    unlockWithHold: unlocks.unlockWithHold,
    goBack: pages.goBack,
    lessonUnlock: unlocks.lessonUnlock,
    requestUnblock: pages.requestUnblock,
    reportChoice: reports.choose,
  };
}
