import { browser } from 'wxt/browser';
import type { FilterStatus, RestartCopyStatus } from '@/src/core/status';
import type { AppliedFingerprints } from '@/src/core/rules/update-plan';
import type { OutboxStatus } from '@/src/core/events/outbox-status';

/** Small values the background keeps in storage.local between service-worker lives. */
export interface StoredState {
  /** The last admin policy that validated, with when it was first enforced. */
  lastGoodPolicy: { raw: unknown; at: string } | null;
  /** The admin policy as last read, valid or not, to log what changed. */
  lastSeenPolicy: unknown;
  /** Dynamic-tier rules (list chunks, list-scale categories) as last installed. */
  appliedFingerprints: AppliedFingerprints | null;
  /** The restart copy of the session tier as last written (see src/core/rules/tiers.ts). */
  restartCopyFingerprints: AppliedFingerprints | null;
  /** Whether the restart copy matches the policy in force, for the status page. */
  restartCopy: RestartCopyStatus | null;
  status: FilterStatus | null;
  /** The events outbox as last seen by the sender (status page). */
  outboxStatus: OutboxStatus | null;
  /** Random ID of this install, the device pseudonym's source where no directory device ID exists. */
  installId: string | null;
  /** The secret in this device's blocked-page URL (see src/core/blocked-navigation.ts); made once. */
  blockPageKey: string | null;
}

const DEFAULTS: StoredState = {
  lastGoodPolicy: null,
  lastSeenPolicy: undefined,
  appliedFingerprints: null,
  restartCopyFingerprints: null,
  restartCopy: null,
  status: null,
  outboxStatus: null,
  installId: null,
  blockPageKey: null,
};

export interface StateStore {
  get<K extends keyof StoredState>(key: K): Promise<StoredState[K]>;
  set(values: Partial<StoredState>): Promise<void>;
}

type StorageAreaLike = {
  get(keys: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
};

/** Keys the status page reads: also kept in storage.session, which a re-index does not hold up. */
export const FAST_READ_KEYS: readonly (keyof StoredState)[] = ['status', 'outboxStatus', 'restartCopy'];

export interface StateStoreOptions {
  /**
   * For the background, the only writer: reads are served from memory after the first, because
   * Chrome runs storage.local on the same file sequence as its declarativeNetRequest re-index, so
   * any read waits while millions of list domains are re-indexed (measured: 20 s with 5 M).
   */
  cached?: boolean;
  /** storage.session: FAST_READ_KEYS are written there first, and read from there first. */
  fastArea?: StorageAreaLike;
}

export function createStateStore(area: StorageAreaLike = browser.storage.local, options: StateStoreOptions = {}): StateStore {
  const memory = new Map<keyof StoredState, unknown>();
  const { cached, fastArea } = options;
  return {
    async get(key) {
      if (cached && memory.has(key)) return memory.get(key) as StoredState[typeof key];
      if (fastArea && FAST_READ_KEYS.includes(key)) {
        const fast = await fastArea.get(key);
        if (fast[key] !== undefined) return fast[key] as StoredState[typeof key];
      }
      const found = await area.get(key);
      const value = (found[key] ?? DEFAULTS[key]) as StoredState[typeof key];
      if (cached && !memory.has(key)) memory.set(key, value);
      return value;
    },
    async set(values) {
      if (cached) for (const [key, value] of Object.entries(values)) memory.set(key as keyof StoredState, value);
      const fast = Object.entries(values).filter(([key]) => FAST_READ_KEYS.includes(key as keyof StoredState));
      if (fastArea && fast.length > 0) await fastArea.set(Object.fromEntries(fast));
      await area.set(values);
    },
  };
}

export const STATUS_KEY = 'status' satisfies keyof StoredState;
export const OUTBOX_STATUS_KEY = 'outboxStatus' satisfies keyof StoredState;
export const RESTART_COPY_KEY = 'restartCopy' satisfies keyof StoredState;

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
      return (found[SESSION_FINGERPRINTS_KEY] as AppliedFingerprints | undefined) ?? null;
    },
    async set(fingerprints) {
      await area.set({ [SESSION_FINGERPRINTS_KEY]: fingerprints });
    },
  };
}
