import { browser } from 'wxt/browser';
import type { AppliedFingerprints } from '@/src/core/rules/update-plan';
import { readStoredValue, sessionFingerprintsSchema, type StoredState, type StoredStateKey } from '@/src/core/stored-state';

/** Small values the background keeps in storage.local between service-worker lives (see src/core/stored-state.ts). */
export type { StoredState };

export interface StateStore {
  /** The stored value, checked against its schema (an older shape upgraded, an unreadable one absent). */
  get<K extends StoredStateKey>(key: K): Promise<StoredState[K]>;
  set(values: Partial<StoredState>): Promise<void>;
}

type StorageAreaLike = {
  get(keys: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
};

/** Keys the status page reads: also kept in storage.session, which a re-index does not hold up. */
export const FAST_READ_KEYS: readonly StoredStateKey[] = ['status', 'outboxStatus', 'restartCopy'];

export interface StateStoreOptions {
  /**
   * For the background, the only writer: reads are served from memory after the first, because
   * Chrome runs storage.local on the same file sequence as its declarativeNetRequest re-index, so
   * any read waits while millions of list domains are re-indexed (measured: 20 s with 5 M).
   */
  cached?: boolean;
  /** storage.session: FAST_READ_KEYS are written there first, and read from there first. */
  fastArea?: StorageAreaLike;
  /** Told when a stored value does not fit this version and is treated as absent. */
  warn?(message: string): void;
}

export function createStateStore(area: StorageAreaLike = browser.storage.local, options: StateStoreOptions = {}): StateStore {
  const memory = new Map<StoredStateKey, unknown>();
  const { cached, fastArea } = options;
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const checked = <K extends StoredStateKey>(key: K, stored: unknown): StoredState[K] => {
    const { value, problem } = readStoredValue(key, stored);
    if (problem) warn(problem);
    return value;
  };
  return {
    async get(key) {
      if (cached && memory.has(key)) return memory.get(key) as StoredState[typeof key];
      if (fastArea && FAST_READ_KEYS.includes(key)) {
        const fast = await fastArea.get(key);
        if (fast[key] !== undefined) return checked(key, fast[key]);
      }
      const found = await area.get(key);
      const value = checked(key, found[key]);
      if (cached && !memory.has(key)) memory.set(key, value);
      return value;
    },
    async set(values) {
      if (cached) for (const [key, value] of Object.entries(values)) memory.set(key as StoredStateKey, value);
      const fast = Object.entries(values).filter(([key]) => FAST_READ_KEYS.includes(key as StoredStateKey));
      if (fastArea && fast.length > 0) await fastArea.set(Object.fromEntries(fast));
      await area.set(values);
    },
  };
}

export const STATUS_KEY = 'status' satisfies StoredStateKey;
export const OUTBOX_STATUS_KEY = 'outboxStatus' satisfies StoredStateKey;
export const RESTART_COPY_KEY = 'restartCopy' satisfies StoredStateKey;

const SESSION_FINGERPRINTS_KEY = 'sessionTierFingerprints';

/**
 * Where the session tier's fingerprints live: storage.session, which Chrome clears exactly when it
 * clears session rules (browser restart, extension update), so a stale record cannot outlive them.
 */
export interface SessionMemory {
  get(): Promise<AppliedFingerprints | null>;
  set(fingerprints: AppliedFingerprints | null): Promise<void>;
}

export function createSessionMemory(area: StorageAreaLike = browser.storage.session): SessionMemory {
  return {
    async get() {
      const found = await area.get(SESSION_FINGERPRINTS_KEY);
      // Unreadable fingerprints are as good as none: the installer then re-checks every rule.
      const parsed = sessionFingerprintsSchema.safeParse(found[SESSION_FINGERPRINTS_KEY] ?? null);
      return parsed.success ? parsed.data : null;
    },
    async set(fingerprints) {
      await area.set({ [SESSION_FINGERPRINTS_KEY]: fingerprints });
    },
  };
}
