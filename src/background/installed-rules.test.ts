import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createFakeDnrPort } from '@/test/fixtures/fake-dnr-port';
import { createSessionMemory, createStateStore } from '@/src/adapters/state-store';
import { createHostReducer } from '@/src/core/lists/reduce';
import { compileRules, type ListChunkRef } from '@/src/core/rules/compiler';
import { blockReasonFor } from '@/src/core/rules/match';
import { createInstalledRules } from './installed-rules';
import { createRuleInstaller } from './rule-installer';
import { policyFor } from '@/test/fixtures/policy';

const PAGE = 'chrome-extension://id/blocked.html';

/** A gambling list of 1 000 hosts in chunks of 50, stored as the list updater stores them. */
function storedList() {
  const reducer = createHostReducer({ chunkSize: 50, runSize: 97 });
  for (let i = 0; i < 1000; i++) reducer.add(`casino-${i}.example.${i % 2 ? 'net' : 'org'}`);
  reducer.add('whole-site.example.com');
  const chunks: ListChunkRef[] = [];
  const hosts = new Map<string, string[]>();
  const it = reducer.chunks();
  for (let step = it.next(); !step.done; step = it.next()) {
    const key = `gambling-list/1/${step.value.index}`;
    chunks.push({ key, hash: step.value.hash, count: step.value.count, first: step.value.first, last: step.value.last });
    hosts.set(key, step.value.text.split('\n'));
  }
  return { chunks, hosts };
}

async function setup(raw: Record<string, unknown>) {
  const policy = policyFor(raw);
  const list = storedList();
  const dnr = createFakeDnrPort();
  const installer = createRuleInstaller({
    dnr,
    state: createStateStore(fakeBrowser.storage.local),
    sessionMemory: createSessionMemory(fakeBrowser.storage.session),
    now: () => new Date(),
    loadChunk: async (key) => list.hosts.get(key) ?? null,
  });
  await installer.install(compileRules({ policy, blockPageUrl: PAGE, listChunks: { gambling: list.chunks } }));
  const loads: string[] = [];
  let dynamicReads = 0;
  const view = createInstalledRules({
    dnr: {
      getSessionRules: () => dnr.getSessionRules(),
      getDynamicRules: async () => {
        dynamicReads++;
        return dnr.getDynamicRules();
      },
    },
    blockPageUrl: async () => PAGE,
    policy: async () => policy,
    listChunks: async () => ({ gambling: list.chunks }),
    loadChunk: async (key) => {
      loads.push(key);
      return list.hosts.get(key) ?? null;
    },
  });
  return { dnr, view, loads, dynamicReads: () => dynamicReads, chunkCount: list.chunks.length };
}

const URLS = [
  'https://casino-17.example.net/play',
  'https://www.casino-500.example.org/',
  'https://deep.sub.whole-site.example.com/x',
  'https://casino-17.example.org/',
  'https://www.pornhub.com/',
  'https://school-blocked.example/',
  'https://ordinary.example/',
  'https://allowed-casino.example/',
];

describe('installed rules for one host', () => {
  beforeEach(() => fakeBrowser.reset());

  it('decides every URL as the whole installed rule set does', async () => {
    const t = await setup({ keyStage: 'KS3', blockDomains: ['school-blocked.example'], allowDomains: ['casino-5.example.net'] });
    const everything = [...t.dnr.dynamic.values(), ...t.dnr.session.values()];
    for (const url of [...URLS, 'https://casino-5.example.net/']) {
      const host = new URL(url).hostname;
      const { dynamic, session } = await t.view.forHost(host);
      expect(blockReasonFor([...dynamic, ...session], url, PAGE), url).toEqual(blockReasonFor(everything, url, PAGE));
    }
    expect(blockReasonFor(everything, 'https://casino-17.example.net/play', PAGE)).toEqual({ kind: 'category', category: 'gambling' });
    expect(blockReasonFor(everything, 'https://casino-5.example.net/', PAGE)).toBeNull();
  });

  it('reads only the chunks that may hold the host, never the whole dynamic rule set', async () => {
    const t = await setup({ keyStage: 'KS3' });
    expect(t.chunkCount).toBeGreaterThan(15);
    await t.view.forHost('www.casino-500.example.org');
    expect(t.loads.length).toBeGreaterThan(0);
    expect(t.loads.length).toBeLessThanOrEqual(2);
    expect(t.dynamicReads()).toBe(0);
  });

  it('after a browser restart, before the session tier is back, reads what Chrome holds (the restart copy decides)', async () => {
    const t = await setup({ keyStage: 'KS3', blockDomains: ['school-blocked.example'] });
    t.dnr.session.clear();
    const { dynamic } = await t.view.forHost('school-blocked.example');
    expect(t.dynamicReads()).toBe(1);
    expect(blockReasonFor(dynamic, 'https://school-blocked.example/', PAGE)).toEqual({ kind: 'school' });
  });
});
