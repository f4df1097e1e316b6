import { describe, expect, it } from 'vitest';
import { policyFor } from '@/test/fixtures/policy';
import { syncLists } from './list-sync';
import type { ListUpdater } from './list-updater';
import type { PolicyEngine, RefreshTrigger } from './policy-engine';

function fakes(policy: ReturnType<typeof policyFor>, changed: boolean) {
  const calls: string[] = [];
  const engine = {
    enforced: async () => ({ policy, source: 'admin' }),
    refresh: async (trigger: RefreshTrigger) => void calls.push(`refresh ${trigger}`),
    reapply: async (trigger: RefreshTrigger) => void calls.push(`reapply ${trigger}`),
  } as unknown as PolicyEngine;
  const lists = {
    update: async (p: typeof policy, options: { force?: boolean }) => {
      calls.push(`update ${p.keyStage}${options.force ? ' forced' : ''}`);
      return { changed };
    },
  } as unknown as ListUpdater;
  return { engine, lists, calls };
}

describe('list sync', () => {
  it('downloads for the policy in force and installs it again once, never asking Chrome for the policy', async () => {
    const policy = policyFor({ keyStage: 'KS3', lists: [{ category: 'gambling', url: 'https://lists.example/g.txt', format: 'domains' }] });
    const { engine, lists, calls } = fakes(policy, true);
    await syncLists(engine, lists, { force: true });
    expect(calls).toEqual(['update KS3 forced', 'reapply lists-updated']);
  });

  it('installs nothing when there are no lists and nothing changed', async () => {
    const { engine, lists, calls } = fakes(policyFor({ keyStage: 'KS2' }), false);
    await syncLists(engine, lists);
    expect(calls).toEqual(['update KS2']);
  });
});
