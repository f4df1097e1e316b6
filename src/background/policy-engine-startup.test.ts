import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { RULE_ID } from '@/src/core/rules/rule-ids';
import { STRICTEST_RULESET_ID } from '@/src/core/rules/strictest-ruleset';
import { createTestEngine, deferred } from '@/test/fixtures/policy-engine';
import { createPolicyEngine } from './policy-engine';

const KS2 = { keyStage: 'KS2', schoolId: 'URN1', blockDomains: ['blocked.example'] };

/**
 * Chrome answers storage.managed.get() only once start-up is complete, which a pupil clicking from
 * the first second can hold back for minutes. The patience is a clock the test moves.
 */
async function setupHeld(policy: unknown, options: { strictestOn?: boolean } = {}) {
  const waits: (() => void)[] = [];
  const sleep = () => {
    const wait = deferred<void>();
    waits.push(() => wait.resolve());
    return wait.promise;
  };
  const test = await createTestEngine(policy, { sleep, staticRulesets: [STRICTEST_RULESET_ID, 'list_gambling'] });
  // As the manifest declares it (and Chrome restores it on every extension update).
  if (options.strictestOn ?? true) test.dnr.enabledRulesets.add(STRICTEST_RULESET_ID);
  const release = test.hold();
  /** The patience of every read so far runs out. */
  const patienceOver = () => waits.splice(0).forEach((done) => done());
  return { ...test, release, patienceOver };
}

const until = async (check: () => boolean | Promise<boolean>) => {
  for (let i = 0; i < 200 && !(await check()); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(await check()).toBe(true);
};

describe('policy engine while Chrome holds the admin policy back', () => {
  beforeEach(() => fakeBrowser.reset());

  it('first install: the strictest profile at once, the admin policy the moment Chrome answers, then the strictest ruleset off', async () => {
    const { engine, dnr, audit, applied, release, patienceOver } = await setupHeld(KS2);
    const refreshing = engine.refresh('install');
    patienceOver();
    const pending = await refreshing;
    expect(pending).toMatchObject({ source: 'default', keyStage: 'EYFS', strictestRulesetOn: true });
    expect(pending.policyPendingSince).not.toBeNull();
    expect(pending.sourceReason).toMatch(/Chrome has not delivered the admin policy yet/);
    expect(dnr.session.has(RULE_ID.APPROVED_ONLY_CATCH_ALL)).toBe(true);
    expect(dnr.enabledRulesets.has(STRICTEST_RULESET_ID)).toBe(true);

    release();
    await until(() => applied.length === 2);
    const arrived = applied[1]!;
    expect(arrived).toMatchObject({ source: 'admin', keyStage: 'KS2', policyPendingSince: null, strictestRulesetOn: false });
    expect(arrived.policyReceivedAt).not.toBeNull();
    expect(arrived.inForceSince > pending.inForceSince).toBe(true);
    expect(dnr.session.get(RULE_ID.SCHOOL_BLOCK_FRAMES)?.condition.requestDomains).toEqual(['blocked.example']);
    expect([...dnr.enabledRulesets]).toEqual(['list_gambling']);
    expect((await audit.recent(10)).map((e) => e.kind)).toEqual(['policy-applied', 'policy-pending']);
  });

  it('restart or update: the last good policy at once, the strictest ruleset off, and nothing logged when Chrome delivers it unchanged', async () => {
    const { engine, dnr, audit, state, applied, release, patienceOver } = await setupHeld(KS2);
    await state.set({ lastGoodPolicy: { raw: KS2, at: '2026-11-23T09:00:00.000Z' }, lastSeenPolicy: KS2 });
    const refreshing = engine.refresh('startup');
    patienceOver();
    expect(await refreshing).toMatchObject({ source: 'last-good', keyStage: 'KS2', strictestRulesetOn: false });
    expect(dnr.session.get(RULE_ID.SCHOOL_BLOCK_FRAMES)?.condition.requestDomains).toEqual(['blocked.example']);
    expect(dnr.enabledRulesets.has(STRICTEST_RULESET_ID)).toBe(false);
    release();
    await until(async () => (await state.get('status'))?.source === 'admin');
    expect((await state.get('status'))?.policyPendingSince).toBeNull();
    // The same policy as before: nothing for the audit log, no second start of list downloads.
    expect(await audit.recent(10)).toEqual([]);
    expect(applied).toHaveLength(1);
  });

  it('storage.onChanged while a read is pending is applied at once, and the older answer arriving later changes nothing', async () => {
    const { engine, dnr, applied, setPolicy, release, patienceOver, answerNewReads } = await setupHeld(KS2);
    const refreshing = engine.refresh('install');
    patienceOver();
    await refreshing;
    answerNewReads();
    setPolicy({ keyStage: 'STAFF', schoolId: 'URN1' });
    expect(await engine.refresh('policy-changed')).toMatchObject({ source: 'admin', keyStage: 'STAFF', strictestRulesetOn: false });
    // The first read answers now, with what was there when it began.
    release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await engine.restartCopySettled();
    expect(applied.map((s) => s.keyStage)).toEqual(['EYFS', 'STAFF']);
    expect((await engine.enforced()).policy.keyStage).toBe('STAFF');
    expect(dnr.session.has(RULE_ID.APPROVED_ONLY_CATCH_ALL)).toBe(false);
  });

  it('a stalled read holds nothing up: the policy in force is known, a re-apply for lists installs, later refreshes do not wait again', async () => {
    const { engine, reads, patienceOver } = await setupHeld(KS2);
    const refreshing = engine.refresh('install');
    patienceOver();
    await refreshing;
    expect(await engine.enforced()).toMatchObject({ source: 'default', policy: { keyStage: 'EYFS' } });
    expect(await engine.reapply('lists-updated')).toMatchObject({ source: 'default' });
    // An alarm while the read is still pending joins it and answers at once with what is in force.
    expect(await engine.refresh('alarm')).toMatchObject({ source: 'default' });
    expect(reads()).toBe(1);
  });

  it('the strictest ruleset goes on again whenever no policy can be applied, and stays as it is when the browser refuses rules', async () => {
    const { engine, dnr, setPolicy } = await createTestEngine({}, { staticRulesets: [STRICTEST_RULESET_ID] });
    expect(await engine.refresh('install')).toMatchObject({ source: 'default', strictestRulesetOn: true });
    setPolicy(KS2);
    expect(await engine.refresh('policy-changed')).toMatchObject({ source: 'admin', strictestRulesetOn: false });
    await engine.restartCopySettled();
    dnr.failNextUpdate = new Error('refused');
    setPolicy({ ...KS2, blockDomains: ['other.example'] });
    expect(await engine.refresh('policy-changed')).toMatchObject({ installError: 'refused' });
    expect(dnr.enabledRulesets.has(STRICTEST_RULESET_ID)).toBe(false);
  });
});

describe('an extension update with an older record in place', () => {
  beforeEach(() => fakeBrowser.reset());

  it('reads the old status, applies the policy and writes the current shape', async () => {
    const { engine, state } = await createTestEngine(KS2);
    const old = { refreshedAt: '2026-09-01T08:00:00.000Z', source: 'admin', keyStage: 'KS2', compileErrors: [], limitations: ['x'] };
    await fakeBrowser.storage.local.set({ status: old, lastSeenPolicy: KS2, lastGoodPolicy: { raw: KS2, at: '2026-09-01T08:00:00.000Z' } });
    // Incomplete even after the upgrade: treated as no status at all, not a crash.
    const status = await engine.refresh('install');
    expect(status).toMatchObject({ source: 'admin', keyStage: 'KS2', rulesLeftOut: [] });
    expect((await fakeBrowser.storage.local.get('status')).status).toMatchObject({
      policyPendingSince: null,
      inForceSince: expect.any(String),
    });
    expect(await state.get('status')).toMatchObject({ keyStage: 'KS2' });
  });
});

describe('the policy in force has one owner', () => {
  beforeEach(() => fakeBrowser.reset());

  it('a worker woken by an event knows it from storage, without asking Chrome', async () => {
    const first = await createTestEngine(KS2);
    await first.engine.refresh('install');
    let asked = 0;
    const woken = createPolicyEngine({
      dnr: first.dnr,
      readManagedPolicy: async () => void asked++,
      state: first.state,
      audit: first.audit,
      blockPageUrl: async () => 'chrome-extension://id/blocked.html',
      now: () => new Date(),
    });
    expect(await woken.enforced()).toMatchObject({ source: 'admin', policy: { keyStage: 'KS2', blockDomains: ['blocked.example'] } });
    expect(asked).toBe(0);
  });

  it('a re-apply installs the policy in force again without asking Chrome, and announces nothing', async () => {
    const { engine, reads, applied } = await createTestEngine(KS2);
    await engine.refresh('install');
    expect(await engine.reapply('lists-updated')).toMatchObject({ source: 'admin', keyStage: 'KS2' });
    expect(reads()).toBe(1);
    expect(applied).toHaveLength(1);
  });
});
