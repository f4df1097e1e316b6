import { browser } from 'wxt/browser';
import type { DnrRule } from '@/src/core/rules/dnr-types';

/**
 * The small slice of chrome.declarativeNetRequest the extension uses. WXT's fake browser has no
 * DNR, so unit tests pass `createFakeDnrPort()` instead.
 */
export interface DnrPort {
  getDynamicRuleIds(): Promise<number[]>;
  /** Whole rules, for re-checking a URL the way Chrome would (issue 3); heavier than the IDs. */
  getDynamicRules(): Promise<DnrRule[]>;
  updateDynamicRules(update: { removeRuleIds: number[]; addRules: DnrRule[] }): Promise<void>;
  getSessionRules(): Promise<DnrRule[]>;
  updateSessionRules(update: { removeRuleIds: number[]; addRules: DnrRule[] }): Promise<void>;
}

type BrowserDnr = {
  getDynamicRules(): Promise<{ id: number }[]>;
  updateDynamicRules(options: { removeRuleIds: number[]; addRules: unknown[] }): Promise<void>;
  getSessionRules(): Promise<unknown[]>;
  updateSessionRules(options: { removeRuleIds: number[]; addRules: unknown[] }): Promise<void>;
};

export function createBrowserDnrPort(): DnrPort {
  const dnr = (browser as unknown as { declarativeNetRequest: BrowserDnr }).declarativeNetRequest;
  return {
    async getDynamicRuleIds() {
      return (await dnr.getDynamicRules()).map((rule) => rule.id);
    },
    getDynamicRules: async () => (await dnr.getDynamicRules()) as DnrRule[],
    updateDynamicRules: (update) => dnr.updateDynamicRules(update),
    getSessionRules: async () => (await dnr.getSessionRules()) as DnrRule[],
    updateSessionRules: (update) => dnr.updateSessionRules(update),
  };
}

/** In-memory DNR for unit tests: keeps rules by ID and records every update call. */
export function createFakeDnrPort(): DnrPort & {
  dynamic: Map<number, DnrRule>;
  session: Map<number, DnrRule>;
  calls: { removeRuleIds: number[]; addRules: DnrRule[] }[];
  failNextUpdate?: Error;
} {
  const dynamic = new Map<number, DnrRule>();
  const session = new Map<number, DnrRule>();
  const port = {
    dynamic,
    session,
    calls: [] as { removeRuleIds: number[]; addRules: DnrRule[] }[],
    failNextUpdate: undefined as Error | undefined,
    async getDynamicRuleIds() {
      return [...dynamic.keys()];
    },
    async getDynamicRules() {
      return [...dynamic.values()];
    },
    async updateDynamicRules(update: { removeRuleIds: number[]; addRules: DnrRule[] }) {
      if (port.failNextUpdate) {
        const error = port.failNextUpdate;
        port.failNextUpdate = undefined;
        throw error;
      }
      port.calls.push(update);
      for (const id of update.removeRuleIds) dynamic.delete(id);
      for (const rule of update.addRules) {
        if (dynamic.has(rule.id)) throw new Error(`Rule with id ${rule.id} already exists`);
        dynamic.set(rule.id, rule);
      }
    },
    async getSessionRules() {
      return [...session.values()];
    },
    async updateSessionRules(update: { removeRuleIds: number[]; addRules: DnrRule[] }) {
      for (const id of update.removeRuleIds) session.delete(id);
      for (const rule of update.addRules) session.set(rule.id, rule);
    },
  };
  return port;
}
