import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createTestEngine as setup } from '@/test/fixtures/policy-engine';
import { categoryRuleId, PRIORITY, RESTART_COPY_ID_OFFSET, RESTART_COPY_PRIORITY, RULE_ID } from '@/src/core/rules/rule-ids';

describe('policy engine', () => {
  beforeEach(() => fakeBrowser.reset());

  it('installs a valid admin policy and records it in the audit log', async () => {
    const { engine, dnr, audit } = await setup({ keyStage: 'KS2', schoolId: 'URN1', blockDomains: ['x.example'] });
    const status = await engine.refresh('install');
    expect(status).toMatchObject({ source: 'admin', keyStage: 'KS2', schoolId: 'URN1', installError: null });
    // In force through the session tier; copied for a browser restart, below the silencer.
    expect(dnr.session.has(RULE_ID.SCHOOL_BLOCK_FRAMES)).toBe(true);
    expect(status.ruleCount).toBe(dnr.session.size - 1);
    await engine.restartCopySettled();
    const copy = dnr.dynamic.get(RULE_ID.SCHOOL_BLOCK_FRAMES + RESTART_COPY_ID_OFFSET);
    expect(copy?.priority).toBe(RESTART_COPY_PRIORITY[PRIORITY.SCHOOL_BLOCK]);
    expect(dnr.dynamic.size).toBe(status.ruleCount);
    const [entry] = await audit.recent(10);
    expect(entry).toMatchObject({ kind: 'policy-applied', keyStage: 'KS2' });
    expect(entry!.changes).toContainEqual({ path: 'blockDomains', added: ['x.example'], removed: [] });
  });

  it('fails closed to the strictest profile when no policy has ever been read', async () => {
    const { engine, dnr } = await setup({});
    const status = await engine.refresh('install');
    expect(status).toMatchObject({ source: 'default', keyStage: 'EYFS', approvedSitesOnly: true });
    expect(dnr.session.has(RULE_ID.APPROVED_ONLY_CATCH_ALL)).toBe(true);
  });

  it('keeps the last good policy when the new one is invalid, and shows why', async () => {
    const { engine, dnr, audit, setPolicy } = await setup({ keyStage: 'KS3', blockDomains: ['kept.example'] });
    await engine.refresh('install');
    setPolicy({ keyStage: 'KS9', blockDomains: [] });
    const status = await engine.refresh('policy-changed');
    expect(status.source).toBe('last-good');
    expect(status.keyStage).toBe('KS3');
    expect(status.issues[0]).toMatchObject({ path: 'keyStage', severity: 'error' });
    expect(status.sourceReason).toMatch(/last good policy/);
    expect(dnr.session.get(RULE_ID.SCHOOL_BLOCK_FRAMES)!.condition.requestDomains).toEqual(['kept.example']);
    const [rejected] = await audit.recent(1);
    expect(rejected).toMatchObject({ kind: 'policy-rejected', source: 'last-good' });
  });

  it('records one policy-error event per new rejection, not one per refresh', async () => {
    const { engine, setPolicy, events } = await setup({ keyStage: 'KS3' });
    await engine.refresh('install');
    expect(events).toEqual([]);
    setPolicy({ keyStage: 'KS9' });
    await engine.refresh('policy-changed');
    await engine.refresh('alarm');
    await engine.refresh('alarm');
    expect(events).toEqual([{ type: 'policy-error', detail: { errors: 1, firstPath: 'keyStage' } }]);
    setPolicy({ keyStage: 'KS3', blockDomains: 'nope' });
    await engine.refresh('policy-changed');
    expect(events).toHaveLength(2);
    expect(events[1]!.detail).toMatchObject({ firstPath: 'blockDomains' });
  });

  it('keeps enforcing when managed storage reads empty for a moment, without logging a fake change', async () => {
    const { engine, audit, setPolicy } = await setup({ keyStage: 'KS4' });
    await engine.refresh('install');
    const before = (await audit.recent(100)).length;
    setPolicy({});
    expect(await engine.refresh('startup')).toMatchObject({ source: 'last-good', keyStage: 'KS4' });
    setPolicy({ keyStage: 'KS4' });
    expect(await engine.refresh('retry')).toMatchObject({ source: 'admin' });
    const entries = await audit.recent(100);
    expect(entries.slice(0, entries.length - before).every((e) => e.changes.length === 0)).toBe(true);
  });

  it('switching key stage replaces only the rules that changed, in one atomic session call', async () => {
    const { engine, dnr, setPolicy } = await setup({ keyStage: 'KS2' });
    await engine.refresh('install');
    await engine.restartCopySettled();
    dnr.calls.length = 0;
    dnr.sessionCalls.length = 0;
    setPolicy({ keyStage: 'KS4' });
    const status = await engine.refresh('policy-changed');
    expect(status.lastInstall).toMatchObject({ chunkRulesSent: 0, restartCopy: 'pending' });
    expect(dnr.sessionCalls).toHaveLength(1);
    const [call] = dnr.sessionCalls;
    // Pornography rules are identical in KS2 and KS4: not re-sent.
    expect(call!.addRules.some((r) => r.id === categoryRuleId('pornography', 0, 'frames'))).toBe(false);
    // Social networks are not blocked in KS4: removed. YouTube becomes Moderate: replaced.
    expect(call!.removeRuleIds).toContain(categoryRuleId('social-networks', 0, 'frames'));
    expect(call!.addRules.some((r) => r.id === RULE_ID.YOUTUBE_RESTRICT)).toBe(true);
    expect(dnr.session.has(categoryRuleId('pornography', 0, 'frames'))).toBe(true);
    // The restart copy follows in one dynamic call of its own.
    await engine.restartCopySettled();
    expect(dnr.calls).toHaveLength(1);
    expect(dnr.calls[0]!.removeRuleIds).toContain(categoryRuleId('social-networks', 0, 'frames') + RESTART_COPY_ID_OFFSET);
    // A refresh with nothing changed makes no browser call at all.
    dnr.calls.length = 0;
    dnr.sessionCalls.length = 0;
    await engine.refresh('alarm');
    await engine.restartCopySettled();
    expect(dnr.calls).toHaveLength(0);
    expect(dnr.sessionCalls).toHaveLength(0);
  });

  it('when the browser refuses the rules, the old rules stay and the error is visible and logged', async () => {
    const { engine, dnr, audit, setPolicy } = await setup({ keyStage: 'KS2' });
    await engine.refresh('install');
    // The restart copy is written in the background: let it finish, so the failure hits the policy's install.
    await engine.restartCopySettled();
    const installed = new Map(dnr.session);
    dnr.failNextUpdate = new Error('Rule with id 4 uses an invalid regex');
    setPolicy({ keyStage: 'KS2', blockDomains: ['new.example'] });
    const status = await engine.refresh('policy-changed');
    expect(status.installError).toMatch(/invalid regex/);
    expect(dnr.session).toEqual(installed);
    expect((await audit.recent(1))[0]).toMatchObject({ kind: 'rules-failed' });
    // Next time it re-checks everything and succeeds.
    const retried = await engine.refresh('retry');
    expect(retried.installError).toBeNull();
    expect(dnr.session.get(RULE_ID.SCHOOL_BLOCK_FRAMES)!.condition.requestDomains).toEqual(['new.example']);
  });

  it('serialises concurrent refreshes so the last policy read wins', async () => {
    const { engine, dnr, setPolicy } = await setup({ keyStage: 'KS2' });
    const first = engine.refresh('install');
    setPolicy({ keyStage: 'STAFF' });
    const second = engine.refresh('policy-changed');
    await Promise.all([first, second]);
    expect((await second).keyStage).toBe('STAFF');
    expect(dnr.session.has(categoryRuleId('pornography', 0, 'frames'))).toBe(false);
  });
});
