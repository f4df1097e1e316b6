import type { AuditLog } from '@/src/adapters/audit-log';
import type { DnrPort } from '@/src/adapters/dnr-port';
import type { PupilSafetyStore } from '@/src/adapters/blocked-tabs';
import type { TabsPort } from '@/src/adapters/tabs-port';
import type { PolicySource } from '@/src/core/audit';
import type { BlockedTab } from '@/src/core/blocked-tab';
import { unkeyedBlockPageUrl } from '@/src/core/blocked-navigation';
import { PUPIL_FLOOR_CATEGORIES } from '@/src/core/categories';
import type { EffectivePolicy } from '@/src/core/policy/resolve';
import { ADULT_UNLOCK_GRANT_MS, canLessonUnlock, HOLD_TO_UNLOCK_MS, type LessonUnlockMinutes } from '@/src/core/pupil-view';
import { blockReasonFor } from '@/src/core/rules/match';
import { freeSessionSlot, lessonAllowRules, slotRuleIds } from '@/src/core/rules/session-rules';
import { afterUnlock, afterWrongCode, unlockRetryAfter } from '@/src/core/unlock-attempts';
import { checkUnlockCode, hasUnlockSecret } from '@/src/core/unlock-code';
import type { BakedLists } from './baked-lists';
import { categoryOf, refuse, type BlockedPages, type Reply } from './blocked-page-check';
import type { EventRecorder } from './event-recorder';
import type { InstalledRules } from './installed-rules';

export const LESSON_ALARM_PREFIX = 'lesson-unlock:';

export interface UnlockDeps {
  dnr: Pick<DnrPort, 'getSessionRules' | 'updateSessionRules'>;
  installedRules: InstalledRules;
  bakedLists?: BakedLists;
  tabs: Pick<TabsPort, 'navigate'>;
  store: PupilSafetyStore;
  events: EventRecorder;
  audit: AuditLog;
  pages: BlockedPages;
  policy(): Promise<{ policy: EffectivePolicy; source: PolicySource }>;
  alarms: { create(name: string, when: number): Promise<void> | void };
  blockPageUrl(): Promise<string>;
  now(): number;
}

export interface Unlocks {
  /** A code (or the school's PIN), checked one attempt at a time whatever a page sends at once. */
  unlockWithCode(tabId: number, pageUrl: string, code: string): Reply;
  holdStart(tabId: number, pageUrl: string): Reply;
  unlockWithHold(tabId: number, pageUrl: string): Reply;
  /** Allows the tab's host on this device for a lesson; never illegal content, a report, an alert or (for pupils) a floor category. */
  lessonUnlock(tabId: number, pageUrl: string, minutes: LessonUnlockMinutes): Reply;
  lessonAlarm(name: string): Promise<void>;
}

export function createUnlocks(deps: UnlockDeps): Unlocks {
  // Read, check and write of the wrong-code count happen one attempt at a time: otherwise 150 guesses sent
  // at once would all read "no failures yet" and all be checked.
  let queue: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    return run;
  };

  async function unlocked(tab: BlockedTab, method: 'code' | 'pin' | 'hold'): Reply {
    const next = { ...tab, dark: false, unlockedUntil: deps.now() + ADULT_UNLOCK_GRANT_MS, holdStartedAt: 0 };
    await deps.store.putTab(next);
    await deps.events.record({ type: 'unlocked', host: tab.host, ...categoryOf(tab.reason), detail: { method } });
    return { ok: true, view: await deps.pages.view(next) };
  }

  /**
   * For pupils, whether any installed rule puts the host itself in a floor category (a host can be on a
   * games list and a pornography list at once; the page names only the winning one).
   */
  async function hostInFloorCategory(host: string): Promise<boolean> {
    const url = `https://${host}/`;
    const keyed = await deps.blockPageUrl();
    const installed = await deps.installedRules.forHost(host);
    const baked = deps.bakedLists ? await deps.bakedLists.forHost(host, unkeyedBlockPageUrl(keyed)) : [];
    const judged = [
      ...[...installed.dynamic, ...installed.session].map((rule) => blockReasonFor([rule], url, keyed)),
      ...baked.map((rule) => blockReasonFor([rule], url, unkeyedBlockPageUrl(keyed))),
    ];
    return judged.some((reason) => reason?.kind === 'category' && PUPIL_FLOOR_CATEGORIES.includes(reason.category));
  }

  const isUnlocked = (tab: BlockedTab) => tab.unlockedUntil > deps.now();

  return {
    unlockWithCode: (tabId, pageUrl, code) =>
      deps.pages.withTab(async (tab) => {
        const { policy } = await deps.policy();
        if (!hasUnlockSecret(policy)) return refuse('not-allowed');
        return oneAtATime(async () => {
          const guard = await deps.store.getGuard();
          const wait = unlockRetryAfter(guard, deps.now());
          if (wait > 0) return refuse('locked-out', wait);
          const check = await checkUnlockCode(code, policy, guard, deps.now());
          if (!check.ok) {
            const next = afterWrongCode(guard, deps.now());
            await deps.store.setGuard(next);
            const after = unlockRetryAfter(next, deps.now());
            return after > 0 ? refuse('locked-out', after) : refuse('wrong-code');
          }
          await deps.store.setGuard(afterUnlock(guard, check.step));
          return unlocked(tab, check.method);
        });
      })(tabId, pageUrl),

    holdStart: (tabId, pageUrl) =>
      deps.pages.withTab(async (tab) => {
        await deps.store.putTab({ ...tab, holdStartedAt: deps.now() });
        return { ok: true };
      })(tabId, pageUrl),

    unlockWithHold: (tabId, pageUrl) =>
      deps.pages.withTab(async (tab) => {
        if (hasUnlockSecret((await deps.policy()).policy)) return refuse('not-allowed');
        // The page times the hold for the adult; the background checks it was not skipped.
        if (tab.holdStartedAt === 0 || deps.now() - tab.holdStartedAt < HOLD_TO_UNLOCK_MS - 250) return refuse('too-soon');
        return unlocked(tab, 'hold');
      })(tabId, pageUrl),

    lessonUnlock: (tabId, pageUrl, minutes) =>
      deps.pages.withTab(async (tab) => {
        const { policy, source } = await deps.policy();
        // Whatever the page asks: only after a code (anyone can "hold"), and never what only the school may allow.
        if (!isUnlocked(tab) || !hasUnlockSecret(policy) || !canLessonUnlock(tab.reason, policy.keyStage)) return refuse('not-allowed');
        if (policy.keyStage !== 'STAFF' && (await hostInFloorCategory(tab.host))) return refuse('not-allowed');
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
      })(tabId, pageUrl),

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
  };
}
