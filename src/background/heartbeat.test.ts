import { describe, expect, it } from 'vitest';
import type { FilterStatus } from '@/src/core/status';
import { createMemoryEventRecorder } from './event-recorder';
import { createHeartbeat, HEARTBEAT_ALARM, HEARTBEAT_PERIOD_MINUTES } from './heartbeat';

function setup(facts: () => Promise<{ version: string; status: FilterStatus | null; policy: unknown }>) {
  const events = createMemoryEventRecorder();
  const alarms = new Map<string, unknown>();
  const warnings: string[] = [];
  let said: string | null = null;
  const heartbeat = createHeartbeat({
    events,
    facts,
    lastSaid: { get: async () => said, set: async (value) => void (said = value) },
    alarms: {
      get: async (name) => alarms.get(name),
      create: async (name, info) => void alarms.set(name, info),
    },
    warn: (m) => void warnings.push(m),
  });
  return { heartbeat, events, alarms, warnings };
}

describe('heartbeat service', () => {
  it('records a heartbeat from what the background knows, and sets the daily alarm once', async () => {
    const status = { source: 'admin', ruleCount: 40, installError: null } as FilterStatus;
    const t = setup(async () => ({ version: '0.2.0', status, policy: { keyStage: 'KS2' } }));
    await t.heartbeat.record();
    expect(t.events.events).toEqual([
      {
        type: 'heartbeat',
        detail: { version: '0.2.0', policy: expect.stringMatching(/^[0-9a-f]{8}$/), rules: 40, inForce: true, source: 'admin' },
      },
    ]);
    await t.heartbeat.ensureDaily();
    t.alarms.set(HEARTBEAT_ALARM, { kept: true });
    await t.heartbeat.ensureDaily();
    expect(t.alarms.get(HEARTBEAT_ALARM)).toEqual({ kept: true });
    t.alarms.clear();
    await t.heartbeat.ensureDaily();
    expect(t.alarms.get(HEARTBEAT_ALARM)).toEqual({ periodInMinutes: HEARTBEAT_PERIOD_MINUTES, delayInMinutes: HEARTBEAT_PERIOD_MINUTES });
  });

  it('records again on a policy change only when what is in force changed', async () => {
    let status = { source: 'default', ruleCount: 47, installError: null } as FilterStatus;
    let policy: unknown = null;
    const t = setup(async () => ({ version: '0.2.0', status, policy }));
    await t.heartbeat.record();
    await t.heartbeat.recordIfChanged();
    expect(t.events.events).toHaveLength(1);
    status = { source: 'admin', ruleCount: 40, installError: null } as FilterStatus;
    policy = { keyStage: 'KS2' };
    await t.heartbeat.recordIfChanged();
    await t.heartbeat.recordIfChanged();
    expect(t.events.events.map((e) => e.detail?.source)).toEqual(['default', 'admin']);
  });

  it('never rejects: a failure is a warning', async () => {
    const t = setup(async () => {
      throw new Error('storage gone');
    });
    await expect(t.heartbeat.record()).resolves.toBeUndefined();
    expect(t.warnings).toEqual(['Heartbeat not recorded: storage gone']);
  });
});
