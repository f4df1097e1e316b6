import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createAuditLog } from '@/src/adapters/audit-log';
import { openSafeguardDb } from '@/src/adapters/db';
import { createFakeDnrPort } from '@/test/fixtures/fake-dnr-port';
import { createListStore } from '@/src/adapters/list-store';
import { createStateStore } from '@/src/adapters/state-store';
import { categoryRuleId } from '@/src/core/rules/rule-ids';
import { createListUpdater } from './list-updater';
import { createPolicyEngine } from './policy-engine';
import { policyFor } from '@/test/fixtures/policy';

let dbCounter = 0;

/** A list server: serves `body` with an ETag, answers 304 to a matching If-None-Match, or fails on demand. */
function fakeFeedServer() {
  const server = {
    body: '',
    etag: '"v1"' as string | null,
    lastModified: null as string | null,
    fail: null as null | 'network' | number,
    /** Split the body into pieces of this many characters, as a network would. */
    pieceSize: 7,
    requests: [] as { url: string; headers: Record<string, string> }[],
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      const headers = (init?.headers ?? {}) as Record<string, string>;
      server.requests.push({ url: String(input), headers });
      if (server.fail === 'network') throw new TypeError('Failed to fetch');
      if (typeof server.fail === 'number') return new Response('oops', { status: server.fail });
      if (server.etag !== null && headers['if-none-match'] === server.etag) return new Response(null, { status: 304 });
      if (server.lastModified !== null && headers['if-modified-since'] === server.lastModified) return new Response(null, { status: 304 });
      const bytes = new TextEncoder().encode(server.body);
      const size = server.pieceSize;
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += size) controller.enqueue(bytes.slice(i, i + size));
          controller.close();
        },
      });
      const validators: Record<string, string> = {};
      if (server.etag !== null) validators.etag = server.etag;
      if (server.lastModified !== null) validators['last-modified'] = server.lastModified;
      return new Response(stream, { status: 200, headers: validators });
    }) as typeof fetch,
  };
  return server;
}

async function setup(raw: Record<string, unknown>, chunkSize = 3, maxDomainsPerInstallCall?: number) {
  const db = await openSafeguardDb(`lists-test-${dbCounter++}`);
  const store = createListStore(db);
  const server = fakeFeedServer();
  let clock = Date.parse('2026-11-24T09:00:00Z');
  const now = () => new Date(clock);
  const updater = createListUpdater({ store, fetch: server.fetch, now, chunkSize });
  let policyRaw = raw;
  const dnr = createFakeDnrPort();
  const engine = createPolicyEngine({
    dnr,
    readManagedPolicy: async () => policyRaw,
    state: createStateStore(fakeBrowser.storage.local),
    audit: createAuditLog(db),
    blockPageUrl: async () => 'chrome-extension://id/blocked.html',
    now,
    listChunks: (p) => updater.chunksFor(p),
    loadChunk: (key) => store.chunkHosts(key),
    listStatuses: (p) => updater.statuses(p),
    ...(maxDomainsPerInstallCall ? { maxDomainsPerInstallCall } : {}),
  });
  return {
    store,
    server,
    updater,
    engine,
    dnr,
    policy: () => policyFor(policyRaw),
    setPolicy: (next: Record<string, unknown>) => (policyRaw = next),
    advanceHours: (hours: number) => (clock += hours * 3_600_000),
  };
}

const GAMBLING = { category: 'gambling', url: 'https://lists.example/gambling.txt', format: 'domains' };
/** Test-list hosts (all under .example) the fake browser blocks now. */
const installedHosts = (dnr: ReturnType<typeof createFakeDnrPort>) =>
  new Set(
    [...dnr.dynamic.values()]
      .filter((r) => r.action.type === 'block')
      .flatMap((r) => r.condition.requestDomains ?? [])
      .filter((h) => h.endsWith('.example') || h === 'archive.org'),
  );

describe('list updater', () => {
  beforeEach(() => fakeBrowser.reset());

  it('downloads, stores chunks and the engine enforces them', async () => {
    const t = await setup({ keyStage: 'KS3', lists: [GAMBLING] });
    t.server.body = 'bet1.example\nbet2.example\nwww.bet3.example\nsub.bet1.example\n1.2.3.4\narchive.org\nbet4.example\n';
    expect(await t.updater.update(t.policy())).toEqual({ changed: true });
    const [record] = await t.store.all();
    expect(record).toMatchObject({
      domains: 4,
      lines: 7,
      coveredByParent: 1,
      suppressed: 1,
      suppressedSamples: ['archive.org'],
      lastError: null,
      etag: '"v1"',
    });
    expect(record!.dropped).toEqual({ 'ip-literal': 1 });
    expect(record!.chunks.map((c) => c.count)).toEqual([3, 1]);

    const status = await t.engine.refresh('lists-updated');
    const hosts = installedHosts(t.dnr);
    for (const host of ['bet1.example', 'bet2.example', 'bet3.example', 'bet4.example']) expect(hosts.has(host), host).toBe(true);
    expect(hosts.has('archive.org')).toBe(false);
    expect(status.lists?.[0]).toMatchObject({ category: 'gambling', domains: 4, lastError: null, suppressed: 1 });
    expect(status.categories.gambling!.domains).toBeGreaterThanOrEqual(4);
  });

  it('sends changed chunks in as few calls as the per-call bound allows, small rules with the last', async () => {
    const t = await setup({ keyStage: 'KS3', lists: [GAMBLING] }, 2, 4);
    t.server.body = 'a.example\nb.example\nc.example\nd.example\ne.example\n';
    await t.updater.update(t.policy());
    await t.engine.refresh('lists-updated');
    expect(t.dnr.calls).toHaveLength(2);
    const listDomains = (call: (typeof t.dnr.calls)[number]) =>
      new Set(call.addRules.flatMap((r) => r.condition.requestDomains ?? []).filter((h) => h.endsWith('.example')));
    expect(listDomains(t.dnr.calls[0]!).size).toBe(4);
    expect(listDomains(t.dnr.calls[1]!).size).toBe(1);
    expect(t.dnr.calls[1]!.addRules.some((r) => r.action.type === 'modifyHeaders')).toBe(true);
  });

  it('the guard yields to the school: an essential site the school names itself is blocked', async () => {
    const t = await setup({ keyStage: 'KS3', lists: [GAMBLING], categoryDomains: [{ category: 'gambling', domains: ['archive.org'] }] });
    t.server.body = 'archive.org\nbet.example\n';
    await t.updater.update(t.policy());
    const status = await t.engine.refresh('lists-updated');
    expect(status.lists?.[0]).toMatchObject({ suppressed: 1, suppressedSamples: ['archive.org'] });
    expect(installedHosts(t.dnr).has('archive.org')).toBe(true);
    expect(installedHosts(t.dnr).has('bet.example')).toBe(true);
  });

  it('uses the ETag, and an unchanged list sends nothing to the browser again', async () => {
    const t = await setup({ keyStage: 'KS3', lists: [GAMBLING] });
    t.server.body = 'a.example\nb.example\n';
    await t.updater.update(t.policy());
    await t.engine.refresh('lists-updated');
    const calls = t.dnr.calls.length;

    // Not due yet: no request at all.
    expect(await t.updater.update(t.policy())).toEqual({ changed: false });
    expect(t.server.requests).toHaveLength(1);

    t.advanceHours(25);
    expect(await t.updater.update(t.policy())).toEqual({ changed: false });
    expect(t.server.requests[1]!.headers['if-none-match']).toBe('"v1"');
    const status = await t.engine.refresh('lists-updated');
    expect(t.dnr.calls.length).toBe(calls);
    expect(status.lists?.[0]!.verifiedAt).toBe(new Date(Date.parse('2026-11-24T09:00:00Z') + 25 * 3_600_000).toISOString());
  });

  it('uses Last-Modified when the server gives no ETag', async () => {
    const t = await setup({ keyStage: 'KS3', lists: [GAMBLING] });
    t.server.etag = null;
    t.server.lastModified = 'Tue, 24 Nov 2026 06:00:00 GMT';
    t.server.body = 'a.example\n';
    await t.updater.update(t.policy());
    t.advanceHours(25);
    expect(await t.updater.update(t.policy())).toEqual({ changed: false });
    expect(t.server.requests[1]!.headers).toEqual({ 'if-modified-since': 'Tue, 24 Nov 2026 06:00:00 GMT' });
    expect((await t.store.all())[0]).toMatchObject({ lastError: null, lastModified: 'Tue, 24 Nov 2026 06:00:00 GMT' });
  });

  it('keeps the last good copy when a refresh fails or the list shrinks suspiciously', async () => {
    const t = await setup({ keyStage: 'KS3', lists: [GAMBLING], listRefreshHours: 1 });
    t.server.body = Array.from({ length: 10 }, (_, i) => `site${i}.example`).join('\n');
    await t.updater.update(t.policy());
    await t.engine.refresh('lists-updated');
    const before = installedHosts(t.dnr);
    expect(before.size).toBe(10);

    for (const failure of ['network', 500] as const) {
      t.advanceHours(2);
      t.server.fail = failure;
      t.server.etag = '"v2"';
      expect(await t.updater.update(t.policy())).toEqual({ changed: false });
      const status = await t.engine.refresh('lists-updated');
      expect(status.lists?.[0]!.lastError).toMatch(failure === 'network' ? /Failed to fetch/ : /HTTP 500/);
      expect(status.lists?.[0]!.domains).toBe(10);
      expect(installedHosts(t.dnr)).toEqual(before);
    }

    t.server.fail = null;
    t.server.body = 'only.example\n';
    t.advanceHours(2);
    await t.updater.update(t.policy());
    const status = await t.engine.refresh('lists-updated');
    expect(status.lists?.[0]!.lastError).toMatch(/less than 50%/);
    expect(installedHosts(t.dnr)).toEqual(before);

    // A school that expects the shrink turns the check off, and the new list replaces the old.
    t.setPolicy({ keyStage: 'KS3', lists: [GAMBLING], listRefreshHours: 1, listShrinkGuardPercent: 0 });
    t.advanceHours(2);
    expect(await t.updater.update(t.policy())).toEqual({ changed: true });
    await t.engine.refresh('lists-updated');
    expect(installedHosts(t.dnr)).toEqual(new Set(['only.example']));
    // The previous copy stays one cycle (a refresh may still read it); the one before goes.
    const [record] = await t.store.all();
    expect(record!.chunks).toHaveLength(1);
    expect(await t.store.chunkHosts(`${record!.id}/1/0`)).not.toBeNull();
    t.server.body = 'only.example\nanother.example\n';
    t.server.etag = '"v3"';
    t.advanceHours(2);
    expect(await t.updater.update(t.policy())).toEqual({ changed: true });
    expect(await t.store.chunkHosts(`${record!.id}/1/0`)).toBeNull();
    expect(await t.store.chunkHosts(`${record!.id}/2/0`)).toEqual(['only.example']);
  });

  it('a key-stage switch with unchanged lists does not re-send or re-read them', async () => {
    const t = await setup({ keyStage: 'KS3', lists: [GAMBLING] }, 2);
    t.server.body = 'a.example\nb.example\nc.example\nd.example\ne.example\n';
    await t.updater.update(t.policy());
    await t.engine.refresh('lists-updated');
    const gamblingIds = [0, 1, 2, 3].flatMap((i) => [
      categoryRuleId('gambling', i, 'frames'),
      categoryRuleId('gambling', i, 'subresources'),
    ]);
    const present = gamblingIds.filter((id) => t.dnr.dynamic.has(id));
    expect(present.length).toBeGreaterThanOrEqual(6);

    let chunkReads = 0;
    const read = t.store.chunkHosts;
    t.store.chunkHosts = async (key) => {
      chunkReads++;
      return read(key);
    };
    const calls = t.dnr.calls.length;
    t.setPolicy({ keyStage: 'KS4', lists: [GAMBLING] });
    const status = await t.engine.refresh('policy-changed');
    expect(status.keyStage).toBe('KS4');
    expect(chunkReads).toBe(0);
    const sent = t.dnr.calls.slice(calls).flatMap((c) => c.addRules.map((r) => r.id));
    for (const id of present) expect(sent).not.toContain(id);
    expect(status.lastInstall?.chunkRulesSent).toBe(0);
    expect(status.lastRuleChange).toMatchObject({ keyStage: 'KS4', trigger: 'policy-changed', chunkRulesSent: 0 });
    // A later refresh that changes nothing keeps the record of the last real change.
    expect((await t.engine.refresh('alarm')).lastRuleChange).toMatchObject({ keyStage: 'KS4', trigger: 'policy-changed' });
  });

  it('illegal-content feeds are enforced for every key stage, above allowDomains, and are not guarded', async () => {
    const t = await setup({
      keyStage: 'STAFF',
      allowDomains: ['abuse.example'],
      removeCategories: ['pornography'],
      illegalContentFeeds: [{ url: 'https://iwf.example/list', format: 'domains', name: 'IWF' }],
    });
    t.server.body = 'abuse.example\nimages.archive.org\n';
    await t.updater.update(t.policy());
    const status = await t.engine.refresh('lists-updated');
    const illegal = [...t.dnr.dynamic.values()].filter(
      (r) => r.id >= categoryRuleId('illegal', 0, 'frames') && r.id < categoryRuleId('pornography', 0, 'frames'),
    );
    expect(illegal.flatMap((r) => r.condition.requestDomains ?? [])).toContain('abuse.example');
    expect(illegal.flatMap((r) => r.condition.requestDomains ?? [])).toContain('images.archive.org');
    const allow = [...t.dnr.dynamic.values()].find(
      (r) => r.action.type === 'allow' && r.condition.requestDomains?.includes('abuse.example'),
    );
    expect(illegal[0]!.priority).toBeGreaterThan(allow!.priority);
    expect(status.lists?.[0]).toMatchObject({ name: 'IWF', category: 'illegal', domains: 2 });
  });

  it('forgets a list the policy no longer names, and its rules go', async () => {
    const t = await setup({ keyStage: 'KS3', lists: [GAMBLING] });
    t.server.body = 'a.example\n';
    await t.updater.update(t.policy());
    await t.engine.refresh('lists-updated');
    expect(installedHosts(t.dnr).has('a.example')).toBe(true);
    t.setPolicy({ keyStage: 'KS3' });
    expect(await t.updater.update(t.policy())).toEqual({ changed: true });
    await t.engine.refresh('lists-updated');
    expect(installedHosts(t.dnr).has('a.example')).toBe(false);
    expect(await t.store.all()).toEqual([]);
  });

  it('a 0-byte or all-junk download never replaces a list', async () => {
    const t = await setup({ keyStage: 'KS3', lists: [GAMBLING] });
    t.server.body = '';
    await t.updater.update(t.policy());
    expect((await t.store.all())[0]).toMatchObject({ domains: 0, chunks: [], lastError: 'The download held no usable sites.' });
  });
});
