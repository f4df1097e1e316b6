import { describe, expect, it } from 'vitest';
import type { FilterStatus } from '@/src/core/status';
import type { PolicyEngine, RefreshTrigger } from './policy-engine';
import { EMPTY_POLICY_RETRY_MS, refreshAtStartup } from './startup-refresh';

/** An engine whose refreshes answer the given statuses in turn, recording the triggers. */
function scriptedEngine(answers: Partial<FilterStatus>[]) {
  const triggers: RefreshTrigger[] = [];
  const engine = {
    refresh: async (trigger: RefreshTrigger) => {
      triggers.push(trigger);
      return { source: 'default', issues: [], policyPendingSince: null, ...answers[triggers.length - 1] } as FilterStatus;
    },
  } as unknown as PolicyEngine;
  return { engine, triggers };
}

describe('refresh at install or start-up', () => {
  const noWait = async () => undefined;

  it('looks again while Chrome answers an empty policy, and stops once there is one', async () => {
    const { engine, triggers } = scriptedEngine([{}, {}, { source: 'admin' }]);
    await refreshAtStartup(engine, 'startup', noWait);
    expect(triggers).toEqual(['startup', 'retry', 'retry']);
  });

  it('does not retry a read Chrome holds back: the engine applies its answer when it comes', async () => {
    const { engine, triggers } = scriptedEngine([{ policyPendingSince: '2026-11-24T09:00:00.000Z' }]);
    await refreshAtStartup(engine, 'install', noWait);
    expect(triggers).toEqual(['install']);
  });

  it('gives up after the last delay', async () => {
    const { engine, triggers } = scriptedEngine([]);
    await refreshAtStartup(engine, 'startup', noWait);
    expect(triggers).toHaveLength(1 + EMPTY_POLICY_RETRY_MS.length);
  });
});
