import { browser } from 'wxt/browser';
import type { DnrRule } from '@/src/core/rules/dnr-types';

/**
 * The small slice of chrome.declarativeNetRequest the extension uses. WXT's fake browser has no
 * DNR, so unit tests pass the in-memory fake in test/fixtures/fake-dnr-port.ts instead.
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
