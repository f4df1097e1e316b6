import type { PupilSafetyStore } from '@/src/adapters/blocked-tabs';
import type { NavigationCommitDetails } from '@/src/adapters/navigation-port';
import type { TabsPort } from '@/src/adapters/tabs-port';
import type { PolicySource } from '@/src/core/audit';
import { blockedHashPrefix, parseBlockedHash, type BlockReason } from '@/src/core/block-reason';
import { judgeBlockedNavigation, unkeyedBlockPageUrl } from '@/src/core/blocked-navigation';
import type { BlockedTab } from '@/src/core/blocked-tab';
import { buildBlockedView } from '@/src/core/blocked-view';
import { isCategory } from '@/src/core/categories';
import { hostOfUrl } from '@/src/core/domain';
import type { BlockedView, ErrorCode, PageReply } from '@/src/core/page-messages';
import type { EffectivePolicy } from '@/src/core/policy/resolve';
import { AGE_BANDS, canRequestUnblock } from '@/src/core/pupil-view';
import { unlockRetryAfter } from '@/src/core/unlock-attempts';
import type { BakedLists } from './baked-lists';
import type { EventRecorder } from './event-recorder';
import type { InstalledRules } from './installed-rules';

/** Where "go back" takes a tab with nothing (safe) to go back to. */
export const SAFE_PAGE_URL = 'chrome://newtab/';
/** How long the page's first message may wait for the navigation it stands for to be checked. */
const REDIRECT_CHECK_WAIT_MS = 2_000;

export type Reply = Promise<PageReply>;
export const refuse = (error: ErrorCode, retryAfterMs?: number): PageReply =>
  retryAfterMs === undefined ? { ok: false, error } : { ok: false, error, retryAfterMs };

/** The category an event may name for a reason (alert-only categories are not filtering categories). */
export const categoryOf = (reason: BlockReason) =>
  (reason.kind === 'category' || reason.kind === 'alert') && isCategory(reason.category) ? { category: reason.category } : {};

export interface BlockedPageDeps {
  /** The installed rules that can match one host, for re-checking a blocked page. */
  installedRules: InstalledRules;
  /** Lists baked in at build, when this package has any: their pages come without the key. */
  bakedLists?: BakedLists;
  tabs: Pick<TabsPort, 'navigate' | 'goBack'>;
  store: PupilSafetyStore;
  events: EventRecorder;
  /** The policy being enforced and where it came from. */
  policy(): Promise<{ policy: EffectivePolicy; source: PolicySource }>;
  /** This device's blocked page, with its key (see blockPageUrlFor): what the rules redirect to. */
  blockPageUrl(): Promise<string>;
  now(): number;
}

/** Options for a tab the background itself sends to the blocked page. */
export interface ShowOptions {
  dark: boolean;
  /** The tab the pupil reported from: they may then say what happened. */
  reportId?: string;
}

export interface BlockedPages {
  /**
   * The blocked page committed (webNavigation.onCommitted): remembers the tab, and records a `blocked`
   * event, only if one of the installed rules really sent this navigation there.
   */
  committed(details: NavigationCommitDetails): Promise<void>;
  /** The tab closed: forget it. (Its blocked page's URL holds the device key: no web page can replay it.) */
  tabClosed(tabId: number): Promise<void>;
  /** The tab's record, only when the asking page is exactly the page the tab was sent to. */
  verified(tabId: number, pageUrl: string): Promise<BlockedTab | null>;
  view(tab: BlockedTab): Promise<BlockedView>;
  /** Remembers the tab as blocked for `reason` (the background's own word), then sends it to the blocked page. */
  show(tabId: number, originalUrl: string, reason: BlockReason, options: ShowOptions): Promise<void>;
  /** Runs `action` for a verified tab; anything else is refused. */
  withTab(action: (tab: BlockedTab) => Reply): (tabId: number, pageUrl: string) => Reply;
  hello(tabId: number, pageUrl: string): Reply;
  darken(tabId: number, pageUrl: string): Reply;
  /** Back in the tab's history: the pupil on a calm page, or an adult after unlocking. */
  goBack(tabId: number, pageUrl: string): Reply;
  requestUnblock(tabId: number, pageUrl: string): Reply;
}

export function createBlockedPages(deps: BlockedPageDeps): BlockedPages {
  const pendingChecks = new Map<number, Promise<void>>();

  async function verified(tabId: number, pageUrl: string): Promise<BlockedTab | null> {
    const pending = pendingChecks.get(tabId);
    if (pending) await Promise.race([pending, new Promise((r) => setTimeout(r, REDIRECT_CHECK_WAIT_MS))]);
    const tab = await deps.store.getTab(tabId);
    return tab && tab.pageUrl === pageUrl ? tab : null;
  }

  async function view(tab: BlockedTab): Promise<BlockedView> {
    const { policy } = await deps.policy();
    const now = deps.now();
    return buildBlockedView(tab, policy, now, unlockRetryAfter(await deps.store.getGuard(), now));
  }

  async function remember(tabId: number, pageUrl: string, originalUrl: string, host: string, reason: BlockReason, options: ShowOptions) {
    await deps.store.putTab({
      tabId,
      pageUrl,
      originalUrl,
      host,
      reason,
      at: deps.now(),
      dark: options.dark,
      unlockedUntil: 0,
      holdStartedAt: 0,
      requestSent: false,
      report: options.reportId === undefined ? null : { id: options.reportId, choice: null },
    });
  }

  async function checkCommit(details: NavigationCommitDetails): Promise<void> {
    const keyed = await deps.blockPageUrl();
    const unkeyed = unkeyedBlockPageUrl(keyed);
    const blockPageUrl = details.url.startsWith(`${keyed}#`)
      ? keyed
      : deps.bakedLists && details.url.startsWith(`${unkeyed}#`)
        ? unkeyed
        : null;
    if (blockPageUrl === null) return;
    const claimed = parseBlockedHash(details.url.slice(blockPageUrl.length));
    const claimedHost = claimed?.url ? hostOfUrl(claimed.url) : null;
    if (claimedHost === null) return;
    const installed = await deps.installedRules.forHost(claimedHost);
    const baked = blockPageUrl === unkeyed && deps.bakedLists ? await deps.bakedLists.forHost(claimedHost, unkeyed) : [];
    const judged = judgeBlockedNavigation(details, { ...installed, baked }, blockPageUrl);
    if (judged.verdict === 'forged') return;
    const { originalUrl, host, reason } = judged;
    // A reported page stays dark whenever it is reached again, so going back cannot reveal it.
    await remember(details.tabId, details.url, originalUrl, host, reason, { dark: reason.kind === 'reported' });
    await deps.events.record({ type: 'blocked', host, tabId: details.tabId, ...categoryOf(reason) });
  }

  const withTab =
    (action: (tab: BlockedTab) => Reply) =>
    async (tabId: number, pageUrl: string): Reply => {
      const tab = await verified(tabId, pageUrl);
      return tab ? action(tab) : refuse('not-allowed');
    };

  return {
    committed(details) {
      if (details.frameId !== 0 || details.tabId < 0) return Promise.resolve();
      const check = checkCommit(details).catch(() => undefined);
      pendingChecks.set(details.tabId, check);
      return check.finally(() => {
        if (pendingChecks.get(details.tabId) === check) pendingChecks.delete(details.tabId);
      });
    },

    async tabClosed(tabId) {
      if (await deps.store.getTab(tabId)) await deps.store.deleteTab(tabId);
    },

    verified,
    view,
    withTab,

    async show(tabId, originalUrl, reason, options) {
      const host = hostOfUrl(originalUrl);
      if (host === null) throw new Error('Only a web page can be sent to the blocked page.');
      const pageUrl = `${await deps.blockPageUrl()}${blockedHashPrefix(reason)}${originalUrl}`;
      await remember(tabId, pageUrl, originalUrl, host, reason, options);
      await deps.tabs.navigate(tabId, pageUrl);
    },

    hello: withTab(async (tab) => ({ ok: true, view: await view(tab) })),

    darken: withTab(async (tab) => {
      const next = { ...tab, dark: true, unlockedUntil: 0 };
      await deps.store.putTab(next);
      return { ok: true, view: await view(next) };
    }),

    goBack: withTab(async (tab) => {
      const current = await view(tab);
      if (!current.unlocked && !current.canGoBack) return refuse('not-allowed');
      await deps.store.deleteTab(tab.tabId);
      // The page before a blocked navigation is one the filter allowed; before a report or an alert it is
      // the page itself, so those go to a new tab page instead.
      const backIsSafe = tab.reason.kind !== 'reported' && tab.reason.kind !== 'alert';
      if (!backIsSafe || !(await deps.tabs.goBack(tab.tabId))) await deps.tabs.navigate(tab.tabId, SAFE_PAGE_URL);
      return { ok: true };
    }),

    requestUnblock: withTab(async (tab) => {
      const { policy } = await deps.policy();
      if (!canRequestUnblock(AGE_BANDS[policy.keyStage], tab.reason)) return refuse('not-allowed');
      if (!tab.requestSent) {
        await deps.events.record({ type: 'unblock-request', host: tab.host, ...categoryOf(tab.reason) });
        await deps.store.putTab({ ...tab, requestSent: true });
      }
      return { ok: true, view: await view({ ...tab, requestSent: true }) };
    }),
  };
}
