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
  /** Static rulesets (lists baked in at build, issue 5). */
  getEnabledRulesets?(): Promise<string[]>;
  updateEnabledRulesets?(update: { enableRulesetIds: string[]; disableRulesetIds: string[] }): Promise<void>;
}

/** IDs of the static rulesets declared in the manifest (none unless built with LISTS_DIR). */
export function declaredStaticRulesets(): string[] {
  const manifest = browser.runtime.getManifest() as { declarative_net_request?: { rule_resources?: { id: string }[] } };
  return manifest.declarative_net_request?.rule_resources?.map((r) => r.id) ?? [];
}

type BrowserDnr = {
  getDynamicRules(): Promise<{ id: number }[]>;
  updateDynamicRules(options: { removeRuleIds: number[]; addRules: unknown[] }): Promise<void>;
  getSessionRules(): Promise<unknown[]>;
  updateSessionRules(options: { removeRuleIds: number[]; addRules: unknown[] }): Promise<void>;
  getEnabledRulesets(): Promise<string[]>;
  updateEnabledRulesets(options: { enableRulesetIds: string[]; disableRulesetIds: string[] }): Promise<void>;
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
    getEnabledRulesets: () => dnr.getEnabledRulesets(),
    updateEnabledRulesets: (update) => dnr.updateEnabledRulesets(update),
  };
}

type RuleUpdate = { removeRuleIds: number[]; addRules: DnrRule[] };

/** Applies one update the way Chrome does: all or nothing, removals first, no duplicate IDs. */
function applyUpdate(rules: Map<number, DnrRule>, update: RuleUpdate): void {
  const next = new Map(rules);
  for (const id of update.removeRuleIds) next.delete(id);
  for (const rule of update.addRules) {
    if (next.has(rule.id)) throw new Error(`Rule with id ${rule.id} already exists`);
    next.set(rule.id, rule);
  }
  rules.clear();
  for (const [id, rule] of next) rules.set(id, rule);
}

/** In-memory DNR for unit tests: keeps rules by ID and records every update call. */
export function createFakeDnrPort(): DnrPort & {
  dynamic: Map<number, DnrRule>;
  session: Map<number, DnrRule>;
  /** Dynamic updates, in order. */
  calls: RuleUpdate[];
  sessionCalls: RuleUpdate[];
  /** Makes the next update of either kind fail, changing nothing. */
  failNextUpdate?: Error;
  enabledRulesets: Set<string>;
} {
  const dynamic = new Map<number, DnrRule>();
  const session = new Map<number, DnrRule>();
  const failIfAsked = () => {
    if (port.failNextUpdate) {
      const error = port.failNextUpdate;
      port.failNextUpdate = undefined;
      throw error;
    }
  };
  const port = {
    dynamic,
    session,
    calls: [] as RuleUpdate[],
    sessionCalls: [] as RuleUpdate[],
    failNextUpdate: undefined as Error | undefined,
    enabledRulesets: new Set<string>(),
    async getEnabledRulesets() {
      return [...port.enabledRulesets];
    },
    async updateEnabledRulesets(update: { enableRulesetIds: string[]; disableRulesetIds: string[] }) {
      for (const id of update.disableRulesetIds) port.enabledRulesets.delete(id);
      for (const id of update.enableRulesetIds) port.enabledRulesets.add(id);
    },
    async getDynamicRuleIds() {
      return [...dynamic.keys()];
    },
    async getDynamicRules() {
      return [...dynamic.values()];
    },
    async updateDynamicRules(update: RuleUpdate) {
      failIfAsked();
      applyUpdate(dynamic, update);
      port.calls.push(update);
    },
    async getSessionRules() {
      return [...session.values()];
    },
    async updateSessionRules(update: RuleUpdate) {
      failIfAsked();
      applyUpdate(session, update);
      port.sessionCalls.push(update);
    },
  };
  return port;
}
