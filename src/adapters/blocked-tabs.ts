import { browser } from 'wxt/browser';
import type { BlockReason } from '@/src/core/block-reason';
import { NO_PIN_ATTEMPTS, type PinAttempts } from '@/src/core/pin';

/**
 * Tabs the background has seen land on the blocked page for a real reason (a rule redirect it
 * re-checked, or a pupil's report). Only such a tab's page is told anything or allowed to act.
 * Kept in storage.session: it survives service-worker restarts but not a browser restart.
 */
export interface BlockedTab {
  tabId: number;
  /** The exact blocked-page URL the tab was sent to; the page's sender URL must equal it. */
  pageUrl: string;
  originalUrl: string;
  host: string;
  reason: BlockReason;
  at: number;
  dark: boolean;
  /** Epoch ms until which an adult's unlock lets the page offer adult actions. */
  unlockedUntil: number;
  holdStartedAt: number;
  requestSent: boolean;
}

export interface LessonUnlock {
  host: string;
  ruleIds: number[];
  until: number;
}

type AreaLike = {
  get(keys: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
};

export interface PupilSafetyStore {
  getTab(tabId: number): Promise<BlockedTab | null>;
  putTab(tab: BlockedTab): Promise<void>;
  deleteTab(tabId: number): Promise<void>;
  getAttempts(): Promise<PinAttempts>;
  setAttempts(attempts: PinAttempts): Promise<void>;
  getLessons(): Promise<Record<string, LessonUnlock>>;
  setLessons(lessons: Record<string, LessonUnlock>): Promise<void>;
}

const TABS_KEY = 'blockedTabs';
const ATTEMPTS_KEY = 'pinAttempts';
const LESSONS_KEY = 'lessonUnlocks';

/**
 * `session` holds per-tab state; `local` holds wrong-PIN state, so neither a worker restart nor a
 * browser restart resets the back-off. Writes are serialised so concurrent updates never lose one.
 */
export function createPupilSafetyStore(
  session: AreaLike = browser.storage.session,
  local: AreaLike = browser.storage.local,
): PupilSafetyStore {
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    return run;
  };
  const readTabs = async () => ((await session.get(TABS_KEY))[TABS_KEY] ?? {}) as Record<string, BlockedTab>;
  return {
    async getTab(tabId) {
      await queue;
      return (await readTabs())[String(tabId)] ?? null;
    },
    putTab: (tab) =>
      serial(async () => {
        const tabs = await readTabs();
        tabs[String(tab.tabId)] = tab;
        await session.set({ [TABS_KEY]: tabs });
      }),
    deleteTab: (tabId) =>
      serial(async () => {
        const tabs = await readTabs();
        if (!(String(tabId) in tabs)) return;
        delete tabs[String(tabId)];
        await session.set({ [TABS_KEY]: tabs });
      }),
    async getAttempts() {
      return ((await local.get(ATTEMPTS_KEY))[ATTEMPTS_KEY] as PinAttempts | undefined) ?? NO_PIN_ATTEMPTS;
    },
    async setAttempts(attempts) {
      await local.set({ [ATTEMPTS_KEY]: attempts });
    },
    async getLessons() {
      return ((await session.get(LESSONS_KEY))[LESSONS_KEY] ?? {}) as Record<string, LessonUnlock>;
    },
    async setLessons(lessons) {
      await session.set({ [LESSONS_KEY]: lessons });
    },
  };
}
