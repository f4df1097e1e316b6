import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createAuditLog } from '@/src/adapters/audit-log';
import { openSafeguardDb } from '@/src/adapters/db';
import { createFakeDnrPort } from '@/test/fixtures/fake-dnr-port';
import { createStateStore } from '@/src/adapters/state-store';
import { createPolicyEngine } from './policy-engine';

describe('policy engine and lists baked in as static rulesets', () => {
  beforeEach(() => fakeBrowser.reset());

  it("enables the rulesets of the key stage's categories (illegal always) and switches them with the key stage", async () => {
    let policy: unknown = { keyStage: 'KS1' };
    const dnr = createFakeDnrPort();
    const engine = createPolicyEngine({
      dnr,
      readManagedPolicy: async () => policy,
      state: createStateStore(fakeBrowser.storage.local),
      audit: createAuditLog(await openSafeguardDb('static-rulesets-test')),
      blockPageUrl: async () => 'chrome-extension://id/blocked.html',
      now: () => new Date('2026-11-24T09:00:00Z'),
      staticRulesets: ['list_illegal', 'list_games', 'list_gambling'],
    });
    let status = await engine.refresh('install');
    expect([...dnr.enabledRulesets].sort()).toEqual(['list_gambling', 'list_games', 'list_illegal']);
    expect(status.bakedListsEnabled?.sort()).toEqual(['list_gambling', 'list_games', 'list_illegal']);

    policy = { keyStage: 'STAFF' };
    status = await engine.refresh('policy-changed');
    expect([...dnr.enabledRulesets]).toEqual(['list_illegal']);
  });
});
