import type { AuditLog } from '@/src/adapters/audit-log';
import type { AlertCategory } from '@/src/core/alert-categories';
import type { BlockedTab, PupilSafetyStore } from '@/src/adapters/blocked-tabs';
import type { DnrPort } from '@/src/adapters/dnr-port';
import type { NavigationCommitDetails } from '@/src/adapters/navigation-port';
import type { TabsPort } from '@/src/adapters/tabs-port';
import { blockedHashPrefix, parseBlockedHash, type BlockReason } from '@/src/core/block-reason';
import { judgeBlockedNavigation, unkeyedBlockPageUrl } from '@/src/core/blocked-navigation';
import { hostOfUrl } from '@/src/core/domain';
import type { BlockedView, ErrorCode, PageReply } from '@/src/core/page-messages';
import { afterWrongPin, NO_PIN_ATTEMPTS, pinRetryAfter, verifyPin } from '@/src/core/pin';
import type { PolicySource } from '@/src/core/audit';
import type { EffectivePolicy } from '@/src/core/policy/resolve';
import {
  ADULT_UNLOCK_GRANT_MS,
  AGE_BANDS,
  canLessonUnlock,
  canRequestUnblock,
  HOLD_TO_UNLOCK_MS,
  type LessonUnlockMinutes,
} from '@/src/core/pupil-view';
import { PRIORITY } from '@/src/core/rules/rule-ids';
import { freeSessionSlot, lessonAllowRules, reportedHostRules, slotRuleIds } from '@/src/core/rules/session-rules';
import type { BakedLists } from './baked-lists';
import type { EventRecorder } from './event-recorder';
import type { InstalledRules } from './installed-rules';

export const LESSON_ALARM_PREFIX = 'lesson-unlock:';
/** Where "go back to safety" takes the tab. */
export const SAFE_PAGE_URL = 'chrome://newtab/';
/** How long the page's first message may wait for the navigation it stands for to be checked. */
const REDIRECT_CHECK_WAIT_MS = 2_000;

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
  /** The policy being enforced (for adults, the PIN hash and key stage) and where it came from. */
  policy(): Promise<{ policy: EffectivePolicy; source: PolicySource }>;
  alarms: { create(name: string, when: number): Promise<void> | void; clear(name: string): Promise<unknown> | void };
  /** This device's blocked page, with its key (see blockPageUrlFor): what the rules redirect to. */
  blockPageUrl(): Promise<string>;
  now(): number;
}

/** How long a report waits for the black layer before navigating regardless. */
export const COVER_WAIT_MS = 100;

type Reply = Promise<PageReply>;
const refuse = (error: ErrorCode, retryAfterMs?: number): PageReply =>
  retryAfterMs === undefined ? { ok: false, error } : { ok: false, error, retryAfterMs };

export interface PupilSafety {
  /**
   * The blocked page committed (webNavigation.onCommitted): remembers the tab, and records a
   * `blocked` event, only if one of the installed rules really sent this navigation there.
   */
  blockedPageCommitted(details: NavigationCommitDetails): Promise<void>;
  /** The tab closed: forget it. (Its blocked page's URL holds the device key: no web page can replay it.) */
  tabClosed(tabId: number): Promise<void>;
  /** The pupil's report: dark screen now, block the host for the session, cover other tabs, record it. */
  reportTab(tabId: number): Promise<boolean>;
  /**
   * On-device monitoring found harm in this tab (issue 14): shows the harmful-content page, as
   * `blocked.html?k=<key>#reason=alert&category=<alert category>&url=<origin>/`. Only the site's
   * origin is kept, never the page address, so the pupil's search words stay out of the tab.
   */
  showAlertPage(tabId: number, pageUrl: string, category: AlertCategory): Promise<boolean>;
  lessonAlarm(name: string): Promise<void>;
  /** Blocked-page actions; `pageUrl` is the sender's URL, checked against the tab's record. */
  hello(tabId: number, pageUrl: string): Reply;
  darken(tabId: number, pageUrl: string): Reply;
  holdStart(tabId: number, pageUrl: string): Reply;
  unlockWithPin(tabId: number, pageUrl: string, pin: string): Reply;
  unlockWithHold(tabId: number, pageUrl: string): Reply;
  goBack(tabId: number, pageUrl: string): Reply;
  lessonUnlock(tabId: number, pageUrl: string, minutes: LessonUnlockMinutes): Reply;
  requestUnblock(tabId: number, pageUrl: string): Reply;
}

const categoryOf = (reason: BlockReason) => (reason.kind === 'category' ? { category: reason.category } : {});

export function createPupilSafety(deps: PupilSafetyDeps): PupilSafety {
  const pendingChecks = new Map<number, Promise<void>>();

  /** The tab's record, only when the asking page is exactly the page the tab was sent to. */
  async function verifiedTab(tabId: number, pageUrl: string): Promise<BlockedTab | null> {
    const pending = pendingChecks.get(tabId);
    if (pending) await Promise.race([pending, new Promise((r) => setTimeout(r, REDIRECT_CHECK_WAIT_MS))]);
    const tab = await deps.store.getTab(tabId);
    return tab && tab.pageUrl === pageUrl ? tab : null;
  }

  async function view(tab: BlockedTab): Promise<BlockedView> {
    const { policy } = await deps.policy();
    const band = AGE_BANDS[policy.keyStage];
    const unlockMethod = policy.unlockPinHash ? 'pin' : 'hold';
    return {
      keyStage: policy.keyStage,
      reason: tab.reason,
      host: tab.host,
      adults: policy.adults,
      schoolName: policy.schoolName ?? null,
      dark: tab.dark,
      unlockMethod,
      unlocked: tab.unlockedUntil > deps.now(),
      canRequestUnblock: canRequestUnblock(band, tab.reason) && !tab.dark,
      // Without a PIN anyone can "unlock", so allowing a site needs a PIN.
      canLessonUnlock: unlockMethod === 'pin' && canLessonUnlock(tab.reason),
      requestSent: tab.requestSent,
    };
  }

  async function unlocked(tab: BlockedTab, method: 'pin' | 'hold'): Reply {
    const next = { ...tab, dark: false, unlockedUntil: deps.now() + ADULT_UNLOCK_GRANT_MS, holdStartedAt: 0 };
    await deps.store.putTab(next);
    await deps.events.record({ type: 'unlocked', host: tab.host, ...categoryOf(tab.reason), detail: { method } });
    return { ok: true, view: await view(next) };
  }

  const pageUrlFor = async (reason: BlockReason, originalUrl: string) =>
    `${await deps.blockPageUrl()}${blockedHashPrefix(reason)}${originalUrl}`;

  async function remember(tabId: number, originalUrl: string, host: string, reason: BlockReason, dark: boolean, committedUrl?: string) {
    const pageUrl = committedUrl ?? (await pageUrlFor(reason, originalUrl));
    await deps.store.putTab({
      tabId,
      pageUrl,
      originalUrl,
      host,
      reason,
      at: deps.now(),
      dark,
      unlockedUntil: 0,
      holdStartedAt: 0,
      requestSent: false,
    });
    return pageUrl;
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
    // A reported host stays dark whenever it is reached again, so going back cannot reveal it.
    await remember(details.tabId, originalUrl, host, reason, reason.kind === 'reported', details.url);
    await deps.events.record({ type: 'blocked', host, ...categoryOf(reason) });
  }

  async function reportedRulesFor(host: string) {
    const rules = await deps.dnr.getSessionRules();
    const already = rules.some(
      (r) =>
        r.priority === PRIORITY.REPORTED_SESSION_BLOCK &&
        r.condition.requestDomains?.length === 1 &&
        r.condition.requestDomains[0] === host,
    );
    if (already) return;
    const slot = freeSessionSlot(rules);
    if (slot === null) throw new Error('No free session rule slot for a reported host.');
    await deps.dnr.updateSessionRules({
      removeRuleIds: slotRuleIds(slot),
      addRules: reportedHostRules(host, slot, await deps.blockPageUrl()),
    });
  }

  const withTab =
    (action: (tab: BlockedTab) => Reply) =>
    async (tabId: number, pageUrl: string): Reply => {
      const tab = await verifiedTab(tabId, pageUrl);
      return tab ? action(tab) : refuse('not-allowed');
    };

  const isUnlocked = (tab: BlockedTab) => tab.unlockedUntil > deps.now();

  return {
    blockedPageCommitted(details) {
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

    async reportTab(tabId) {
      const url = await deps.tabs.urlOf(tabId);
      if (url === null) return false;
      const host = hostOfUrl(url);
      if (host === null) {
        // Already on the blocked page (or a browser page): darken what is there.
        const tab = await deps.store.getTab(tabId);
        if (!tab || tab.pageUrl !== url) return false;
        await deps.store.putTab({ ...tab, dark: true });
        // Navigating to the same URL and fragment would not reload the page.
        await deps.tabs.reload(tabId);
        return true;
      }
      const reason: BlockReason = { kind: 'reported' };
      // The screen goes dark first: a black layer over the page now (if the page is too busy to take
      // it within COVER_WAIT_MS, the navigation goes ahead anyway), then the dark page replaces
      // black with black. The session block and the event follow.
      await Promise.race([deps.tabs.cover(tabId), new Promise((resolve) => setTimeout(resolve, COVER_WAIT_MS))]);
      const pageUrl = await remember(tabId, url, host, reason, true);
      await deps.tabs.navigate(tabId, pageUrl);
      await reportedRulesFor(host);
      await deps.events.record({ type: 'reported', host });
      const others = (await deps.tabs.allTabs()).filter((t) => t.id !== tabId && hostOfUrl(t.url) === host);
      for (const other of others) {
        void deps.tabs.cover(other.id);
        const otherPage = await remember(other.id, other.url, host, reason, true);
        await deps.tabs.navigate(other.id, otherPage);
      }
      return true;
    },

    async showAlertPage(tabId, pageUrl, category) {
      const host = hostOfUrl(pageUrl);
      if (host === null) return false;
      const origin = `${new URL(pageUrl).origin}/`;
      const alertPage = await remember(tabId, origin, host, { kind: 'alert', category }, false);
      await deps.tabs.navigate(tabId, alertPage);
      return true;
    },

    async lessonAlarm(name) {
      if (!name.startsWith(LESSON_ALARM_PREFIX)) return;
      const key = name.slice(LESSON_ALARM_PREFIX.length);
      const lessons = await deps.store.getLessons();
      const lesson = lessons[key];
      if (!lesson) return;
      await deps.dnr.updateSessionRules({ removeRuleIds: lesson.ruleIds, addRules: [] });
      delete lessons[key];
      await deps.store.setLessons(lessons);
    },

    async hello(tabId, pageUrl) {
      const tab = await verifiedTab(tabId, pageUrl);
      return tab ? { ok: true, view: await view(tab) } : refuse('not-allowed');
    },

    darken: withTab(async (tab) => {
      const next = { ...tab, dark: true, unlockedUntil: 0 };
      await deps.store.putTab(next);
      return { ok: true, view: await view(next) };
    }),

    holdStart: withTab(async (tab) => {
      await deps.store.putTab({ ...tab, holdStartedAt: deps.now() });
      return { ok: true };
    }),

    async unlockWithPin(tabId, pageUrl, pin) {
      const tab = await verifiedTab(tabId, pageUrl);
      if (!tab) return refuse('not-allowed');
      const { unlockPinHash } = (await deps.policy()).policy;
      if (!unlockPinHash) return refuse('not-allowed');
      const attempts = await deps.store.getAttempts();
      const wait = pinRetryAfter(attempts, deps.now());
      if (wait > 0) return refuse('locked-out', wait);
      if (!(await verifyPin(pin, unlockPinHash))) {
        const next = afterWrongPin(attempts, deps.now());
        await deps.store.setAttempts(next);
        const after = pinRetryAfter(next, deps.now());
        return after > 0 ? refuse('locked-out', after) : refuse('wrong-pin');
      }
      await deps.store.setAttempts(NO_PIN_ATTEMPTS);
      return unlocked(tab, 'pin');
    },

    unlockWithHold: withTab(async (tab) => {
      if ((await deps.policy()).policy.unlockPinHash) return refuse('not-allowed');
      // The page times the hold for the adult; the background checks it was not skipped.
      if (tab.holdStartedAt === 0 || deps.now() - tab.holdStartedAt < HOLD_TO_UNLOCK_MS - 250) return refuse('too-soon');
      return unlocked(tab, 'hold');
    }),

    goBack: withTab(async (tab) => {
      if (!isUnlocked(tab)) return refuse('not-allowed');
      await deps.store.deleteTab(tab.tabId);
      // The page before a blocked navigation is one the filter allowed; before a report it is the
      // reported page itself, so a report goes to a new tab page instead.
      // An alert's page before is the harmful page or search itself: a new tab page instead.
      const backIsUnsafe = tab.reason.kind === 'reported' || tab.reason.kind === 'alert';
      if (backIsUnsafe || !(await deps.tabs.goBack(tab.tabId))) await deps.tabs.navigate(tab.tabId, SAFE_PAGE_URL);
      return { ok: true };
    }),

    lessonUnlock: async (tabId, pageUrl, minutes) => {
      const tab = await verifiedTab(tabId, pageUrl);
      if (!tab) return refuse('not-allowed');
      const { policy, source } = await deps.policy();
      if (!isUnlocked(tab) || !policy.unlockPinHash || !canLessonUnlock(tab.reason)) return refuse('not-allowed');
      const slot = freeSessionSlot(await deps.dnr.getSessionRules());
      if (slot === null) return refuse('failed');
      const rules = lessonAllowRules(tab.host, slot);
      const until = deps.now() + minutes * 60_000;
      await deps.dnr.updateSessionRules({ removeRuleIds: slotRuleIds(slot), addRules: rules });
      const lessons = await deps.store.getLessons();
      lessons[String(slot)] = { host: tab.host, ruleIds: rules.map((r) => r.id), until };
      await deps.store.setLessons(lessons);
      await deps.alarms.create(`${LESSON_ALARM_PREFIX}${slot}`, until);
      await deps.audit.append({
        at: new Date(deps.now()).toISOString(),
        kind: 'lesson-unlock',
        source,
        keyStage: policy.keyStage,
        changes: [],
        issues: [],
        detail: `An adult allowed ${tab.host} on this device for ${minutes} minutes (until ${new Date(until).toISOString()}).`,
      });
      await deps.events.record({ type: 'lesson-unlock', host: tab.host, ...categoryOf(tab.reason), detail: { minutes } });
      await deps.store.deleteTab(tab.tabId);
      await deps.tabs.navigate(tab.tabId, tab.originalUrl);
      return { ok: true };
    },

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
