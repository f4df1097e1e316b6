import { browser } from 'wxt/browser';
import { z } from 'zod';
import { parseBlockedTabs, type BlockedTab } from '@/src/core/blocked-tab';
import { parseUnlockGuard, type UnlockGuard } from '@/src/core/unlock-attempts';

export type { BlockedTab };

/** An adult's lesson allow in force: its session rules, removed by an alarm at `until`. */
const lessonUnlockSchema = z.object({ host: z.string(), ruleIds: z.array(z.int()), until: z.number() });
export type LessonUnlock = z.infer<typeof lessonUnlockSchema>;

type AreaLike = {
  get(keys: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
};

export interface PupilSafetyStore {
  getTab(tabId: number): Promise<BlockedTab | null>;
  putTab(tab: BlockedTab): Promise<void>;
  deleteTab(tabId: number): Promise<void>;
  getGuard(): Promise<UnlockGuard>;
  setGuard(guard: UnlockGuard): Promise<void>;
  getLessons(): Promise<Record<string, LessonUnlock>>;
  setLessons(lessons: Record<string, LessonUnlock>): Promise<void>;
}

const TABS_KEY = 'blockedTabs';
/** The key older versions kept the wrong-PIN count under: the count carries over. */
const GUARD_KEY = 'pinAttempts';
const LESSONS_KEY = 'lessonUnlocks';

/**
 * `session` holds per-tab state (it survives service-worker restarts, not a browser restart); `local` holds
 * the wrong-code state, so neither a worker nor a browser restart resets the back-off. Tab writes are
 * serialised so concurrent updates never lose one. Every read is parsed: what does not fit is dropped.
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
  const readTabs = async () => parseBlockedTabs((await session.get(TABS_KEY))[TABS_KEY]);
  const writeTabs = (edit: (tabs: Record<string, BlockedTab>) => boolean) =>
    serial(async () => {
      const tabs = await readTabs();
      if (edit(tabs)) await session.set({ [TABS_KEY]: tabs });
    });
  return {
    async getTab(tabId) {
      await queue;
      return (await readTabs())[String(tabId)] ?? null;
    },
    putTab: (tab) =>
      writeTabs((tabs) => {
        tabs[String(tab.tabId)] = tab;
        return true;
      }),
    deleteTab: (tabId) => writeTabs((tabs) => String(tabId) in tabs && delete tabs[String(tabId)]),
    async getGuard() {
      return parseUnlockGuard((await local.get(GUARD_KEY))[GUARD_KEY]);
    },
    async setGuard(guard) {
      await local.set({ [GUARD_KEY]: guard });
    },
    async getLessons() {
      const parsed = z.record(z.string(), lessonUnlockSchema).safeParse((await session.get(LESSONS_KEY))[LESSONS_KEY] ?? {});
      return parsed.success ? parsed.data : {};
    },
    async setLessons(lessons) {
      await session.set({ [LESSONS_KEY]: lessons });
    },
  };
}
