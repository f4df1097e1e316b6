import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createFakeDnrPort } from '@/test/fixtures/fake-dnr-port';
import { createSessionMemory, createStateStore } from '@/src/adapters/state-store';
import { resolvePolicy } from '@/src/core/policy/resolve';
import { compileRules, type ListChunkRef } from '@/src/core/rules/compiler';
import { categoryRuleId, RESTART_COPY_ID_OFFSET, RULE_ID } from '@/src/core/rules/rule-ids';
import { createRuleInstaller, type RuleInstaller } from './rule-installer';

const PAGE = 'chrome-extension://id/blocked.html';

function compiled(raw: Record<string, unknown>, listChunks: Record<string, ListChunkRef[]> = {}) {
  const resolved = resolvePolicy(raw);
  if (resolved.kind !== 'valid') throw new Error('test policy');
  return compileRules({ policy: resolved.policy, blockPageUrl: PAGE, listChunks });
}

const CHUNKS: ListChunkRef[] = [
  { key: 'gambling-list/1/0', hash: 'h0', count: 2 },
  { key: 'gambling-list/1/1', hash: 'h1', count: 1 },
];
const CHUNK_HOSTS: Record<string, string[]> = {
  'gambling-list/1/0': ['a.bet.example', 'b.bet.example'],
  'gambling-list/1/1': ['c.bet.example'],
};

function setup() {
  const dnr = createFakeDnrPort();
  const state = createStateStore(fakeBrowser.storage.local);
  const sessionMemory = createSessionMemory(fakeBrowser.storage.session);
  const bare = () =>
    createRuleInstaller({
      dnr,
      state,
      sessionMemory,
      now: () => new Date('2026-11-24T09:00:00Z'),
      loadChunk: async (key) => CHUNK_HOSTS[key] ?? null,
    });
  // As the policy engine does: the copy write starts once the refresh has written its status.
  const make = (): RuleInstaller => {
    const installer = bare();
    return {
      ...installer,
      install: async (compiledRules) => {
        const report = await installer.install(compiledRules);
        installer.startRestartCopy();
        return report;
      },
    };
  };
  return { dnr, state, sessionMemory, installer: make(), make, bare };
}

/** Holds every dynamic update until released, as Chrome does while it re-indexes millions of domains. */
function holdDynamicUpdates(dnr: ReturnType<typeof createFakeDnrPort>) {
  const real = dnr.updateDynamicRules.bind(dnr);
  const waiting: (() => void)[] = [];
  dnr.updateDynamicRules = (update) => new Promise<void>((resolve, reject) => waiting.push(() => void real(update).then(resolve, reject)));
  return { waiting, releaseAll: () => waiting.splice(0).forEach((go) => go()) };
}

describe('rule installer', () => {
  beforeEach(() => fakeBrowser.reset());

  it('first install: list chunks, and the restart copy with them, in one dynamic call; small rules in the session', async () => {
    const { dnr, installer, state } = setup();
    const report = await installer.install(compiled({ keyStage: 'KS3' }, { gambling: CHUNKS }));
    expect(report).toMatchObject({ chunkRulesSent: 4, restartCopy: 'written' });
    expect(dnr.calls).toHaveLength(1);
    expect(dnr.sessionCalls).toHaveLength(1);
    expect(dnr.session.has(RULE_ID.SAFE_SEARCH_GOOGLE)).toBe(true);
    expect(dnr.session.has(RULE_ID.RESTART_COPY_SILENCER)).toBe(true);
    expect(dnr.dynamic.has(RULE_ID.SAFE_SEARCH_GOOGLE + RESTART_COPY_ID_OFFSET)).toBe(true);
    expect(dnr.dynamic.has(RULE_ID.SAFE_SEARCH_GOOGLE)).toBe(false);
    const chunkRules = [...dnr.dynamic.values()].filter((r) => r.condition.requestDomains?.includes('c.bet.example'));
    expect(chunkRules).toHaveLength(2);
    expect((await state.get('restartCopy'))?.state).toBe('current');
  });

  it('a key-stage switch with unchanged lists is in force before Chrome re-indexes anything', async () => {
    const { dnr, installer, state } = setup();
    await installer.install(compiled({ keyStage: 'KS3' }, { gambling: CHUNKS }));
    const held = holdDynamicUpdates(dnr);
    dnr.sessionCalls.length = 0;
    const report = await installer.install(compiled({ keyStage: 'KS4' }, { gambling: CHUNKS }));
    // Resolved while the restart copy's write is still held by "Chrome".
    expect(report).toMatchObject({ chunkRulesSent: 0, restartCopy: 'pending' });
    expect(dnr.sessionCalls).toHaveLength(1);
    expect(dnr.session.get(RULE_ID.YOUTUBE_RESTRICT)!.action.requestHeaders![0]!.value).toBe('Moderate');
    await new Promise((r) => setTimeout(r, 0));
    expect(held.waiting).toHaveLength(1);
    expect((await state.get('restartCopy'))?.state).toBe('writing');
    held.releaseAll();
    await installer.restartCopySettled();
    const copy = dnr.dynamic.get(RULE_ID.YOUTUBE_RESTRICT + RESTART_COPY_ID_OFFSET)!;
    expect(copy.action.requestHeaders![0]!.value).toBe('Moderate');
    expect((await state.get('restartCopy'))?.state).toBe('current');
    // Nothing changed since: no call of either kind.
    dnr.calls.length = 0;
    dnr.sessionCalls.length = 0;
    expect(await installer.install(compiled({ keyStage: 'KS4' }, { gambling: CHUNKS }))).toMatchObject({
      rulesSent: 0,
      restartCopy: 'current',
    });
    expect(dnr.calls).toHaveLength(0);
    expect(dnr.sessionCalls).toHaveLength(0);
  });

  it("does not start the copy write (and Chrome's re-index, which holds up storage.local) until asked", async () => {
    const { dnr, bare } = setup();
    const installer = bare();
    await installer.install(compiled({ keyStage: 'KS3' }, { gambling: CHUNKS }));
    dnr.calls.length = 0;
    expect(await installer.install(compiled({ keyStage: 'KS4' }, { gambling: CHUNKS }))).toMatchObject({ restartCopy: 'pending' });
    await new Promise((r) => setTimeout(r, 10));
    expect(dnr.calls).toHaveLength(0);
    installer.startRestartCopy();
    await installer.restartCopySettled();
    expect(dnr.calls).toHaveLength(1);
  });

  it('switches arriving while the copy is being written: the session follows each at once, only the latest copy is written', async () => {
    const { dnr, installer } = setup();
    await installer.install(compiled({ keyStage: 'KS3' }));
    const held = holdDynamicUpdates(dnr);
    await installer.install(compiled({ keyStage: 'KS4' }));
    await new Promise((r) => setTimeout(r, 0));
    await installer.install(compiled({ keyStage: 'KS5' }));
    await installer.install(compiled({ keyStage: 'STAFF' }));
    expect(dnr.session.has(RULE_ID.YOUTUBE_RESTRICT)).toBe(false);
    held.releaseAll();
    await new Promise((r) => setTimeout(r, 0));
    // The KS4 write was under way; KS5 was superseded by STAFF before its turn.
    expect(held.waiting).toHaveLength(1);
    held.releaseAll();
    await installer.restartCopySettled();
    expect(dnr.dynamic.has(RULE_ID.YOUTUBE_RESTRICT + RESTART_COPY_ID_OFFSET)).toBe(false);
    expect(dnr.dynamic.has(RULE_ID.SAFE_SEARCH_GOOGLE + RESTART_COPY_ID_OFFSET)).toBe(false);
    expect([...dnr.dynamic.keys()].every((id) => id >= RESTART_COPY_ID_OFFSET)).toBe(true);
  });

  it('after a browser restart (session rules and storage.session gone) the session tier is put back whole, lists untouched', async () => {
    const { dnr, make } = setup();
    await make().install(compiled({ keyStage: 'KS2', blockDomains: ['x.example'] }, { gambling: CHUNKS }));
    const dynamicBefore = new Map(dnr.dynamic);
    dnr.session.clear();
    await fakeBrowser.storage.session.clear();
    dnr.calls.length = 0;
    const report = await make().install(compiled({ keyStage: 'KS2', blockDomains: ['x.example'] }, { gambling: CHUNKS }));
    expect(report).toMatchObject({ chunkRulesSent: 0, restartCopy: 'current' });
    expect(dnr.session.has(RULE_ID.SCHOOL_BLOCK_FRAMES)).toBe(true);
    expect(dnr.calls).toHaveLength(0);
    expect(dnr.dynamic).toEqual(dynamicBefore);
  });

  it('does not trust remembered fingerprints for session rules that are not there', async () => {
    const { dnr, installer } = setup();
    await installer.install(compiled({ keyStage: 'KS2', blockDomains: ['x.example'] }));
    dnr.session.delete(RULE_ID.SCHOOL_BLOCK_FRAMES);
    await installer.install(compiled({ keyStage: 'KS2', blockDomains: ['x.example'] }));
    expect(dnr.session.get(RULE_ID.SCHOOL_BLOCK_FRAMES)?.condition.requestDomains).toEqual(['x.example']);
  });

  it('leaves reported-host and lesson-unlock session rules alone', async () => {
    const { dnr, installer } = setup();
    const reported = { id: 1_000_000, priority: 95, action: { type: 'block' as const }, condition: { requestDomains: ['r.example'] } };
    dnr.session.set(reported.id, reported);
    await installer.install(compiled({ keyStage: 'KS2' }));
    await installer.install(compiled({ keyStage: 'STAFF' }));
    expect(dnr.session.get(reported.id)).toEqual(reported);
  });

  it('a failed copy write leaves the session tier in force, shows the error, and the next install writes it', async () => {
    const { dnr, installer, state } = setup();
    await installer.install(compiled({ keyStage: 'KS3' }));
    await installer.restartCopySettled();
    dnr.failNextUpdate = undefined;
    const realUpdate = dnr.updateDynamicRules.bind(dnr);
    let failOnce = true;
    dnr.updateDynamicRules = async (update) => {
      if (failOnce) {
        failOnce = false;
        throw new Error('Internal error while updating dynamic rules.');
      }
      return realUpdate(update);
    };
    await installer.install(compiled({ keyStage: 'KS5' }));
    await installer.restartCopySettled();
    expect(await state.get('restartCopy')).toMatchObject({ state: 'failed', error: /Internal error/ });
    expect(dnr.session.get(RULE_ID.YOUTUBE_RESTRICT)!.action.requestHeaders![0]!.value).toBe('Moderate');
    expect(dnr.dynamic.get(RULE_ID.YOUTUBE_RESTRICT + RESTART_COPY_ID_OFFSET)!.action.requestHeaders![0]!.value).toBe('Strict');
    expect(await installer.install(compiled({ keyStage: 'KS5' }))).toMatchObject({ restartCopy: 'pending' });
    await installer.restartCopySettled();
    expect(dnr.dynamic.get(RULE_ID.YOUTUBE_RESTRICT + RESTART_COPY_ID_OFFSET)!.action.requestHeaders![0]!.value).toBe('Moderate');
  });

  it('a worker stopped in the middle of a copy write: the next worker replaces whatever copy is installed', async () => {
    const { dnr, make, state } = setup();
    const first = make();
    await first.install(compiled({ keyStage: 'KS5' }));
    await first.restartCopySettled();
    // Chrome applies the KS3 copy, but the worker stops before it learns so (the call never returns).
    const realUpdate = dnr.updateDynamicRules.bind(dnr);
    dnr.updateDynamicRules = (update) => realUpdate(update).then(() => new Promise<void>(() => undefined));
    await make().install(compiled({ keyStage: 'KS3' }));
    await new Promise((r) => setTimeout(r, 0));
    expect(dnr.dynamic.has(categoryRuleId('social-networks', 0, 'frames') + RESTART_COPY_ID_OFFSET)).toBe(true);
    expect(await state.get('restartCopyFingerprints')).toBeNull();
    // The next worker: KS2 also has social networks, which the KS5 record knows nothing of.
    dnr.updateDynamicRules = realUpdate;
    const next = make();
    await next.install(compiled({ keyStage: 'KS2' }));
    await next.restartCopySettled();
    expect(await state.get('restartCopy')).toMatchObject({ state: 'current' });
    expect(dnr.dynamic.get(categoryRuleId('webmail', 0, 'frames') + RESTART_COPY_ID_OFFSET)).toBeDefined();
    expect(dnr.dynamic.get(categoryRuleId('social-networks', 0, 'frames') + RESTART_COPY_ID_OFFSET)).toBeDefined();
  });

  it('a changed list chunk is sent with the copy in the same call, and only that chunk', async () => {
    const { dnr, installer } = setup();
    await installer.install(compiled({ keyStage: 'KS3' }, { gambling: CHUNKS }));
    dnr.calls.length = 0;
    CHUNK_HOSTS['gambling-list/2/1'] = ['d.bet.example'];
    const changed = [CHUNKS[0]!, { key: 'gambling-list/2/1', hash: 'h2', count: 1 }];
    const report = await installer.install(compiled({ keyStage: 'KS4' }, { gambling: changed }));
    expect(report).toMatchObject({ chunkRulesSent: 2, restartCopy: 'written' });
    expect(dnr.calls).toHaveLength(1);
    const sent = dnr.calls[0]!.addRules;
    expect(sent.filter((r) => r.condition.requestDomains?.includes('d.bet.example'))).toHaveLength(2);
    expect(sent.some((r) => r.condition.requestDomains?.includes('a.bet.example'))).toBe(false);
    expect(sent.some((r) => r.id === RULE_ID.YOUTUBE_RESTRICT + RESTART_COPY_ID_OFFSET)).toBe(true);
  });
});
