import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openSafeguardDb } from '@/src/adapters/db';
import { createDeviceKeyStore } from '@/src/adapters/device-keys';
import { createOutbox } from '@/src/adapters/outbox';
import { createStateStore } from '@/src/adapters/state-store';
import { deviceSignatureHeaderValue, generateDeviceKeyPair } from '@/src/core/events/device-signing';
import { BLOCKED_HOLD_MS } from '@/src/core/events/repeat-fold';
import { KEY_ID_HEADER, type WireEventV2 } from '@/src/core/events/schema-v2';
import { SIGNATURE_HEADER } from '@/src/core/events/signing';
import type { Policy } from '@/src/core/policy/schema';
import { testWireEvent, testWireEventV2 } from '@/test/fixtures/wire-event';
import { createV2Receiver } from '@/test/fixtures/v2-receiver';
import { createEventSender, isUrgent, MAX_RECOVERIES_PER_SEND, type SenderIdentity } from './event-sender';

const TOKEN = 'ENROL';
const ENDPOINT = { url: 'https://dsl.school.example/events', enrolmentToken: TOKEN };
const START = Date.parse('2026-11-24T09:00:00Z');
let dbCounter = 0;

const who: SenderIdentity = {
  device: 'd'.repeat(32),
  deviceIdKind: 'install',
  schoolId: 'S',
  keyStage: 'KS2',
  extensionVersion: '0.2.0',
};
const event = (type: WireEventV2['type'] = 'blocked', fields: Partial<WireEventV2> = {}) =>
  testWireEventV2({ type, occurredAt: new Date(START).toISOString(), ...fields });

async function setup(options: { endpoint?: Policy['endpoint'] | null; identity?: SenderIdentity } = {}) {
  let now = START;
  const db = await openSafeguardDb(`sender-test-${++dbCounter}`);
  const outbox = createOutbox(db, { now: () => now });
  const keys = createDeviceKeyStore(db, { now: () => new Date(now) });
  const state = createStateStore(fakeBrowser.storage.local);
  const receiver = createV2Receiver({ enrolmentToken: TOKEN, nowSeconds: () => now / 1000 });
  const wakes: number[] = [];
  let cancelled = 0;
  let identity = options.identity ?? who;
  let fetchImpl = receiver.fetch;
  const endpoint = options.endpoint === null ? undefined : (options.endpoint ?? ENDPOINT);
  const sender = createEventSender({
    outbox: async () => outbox,
    keys: async () => keys,
    endpoint: async () => endpoint,
    identity: async () => identity,
    state,
    fetch: (input, init) => fetchImpl(input, init),
    wakeAt: async (at) => void wakes.push(at - now),
    cancelWake: async () => void cancelled++,
    now: () => new Date(now),
    random: () => 0.5,
    nonce: () => crypto.randomUUID().replaceAll('-', ''),
  });
  return {
    db,
    outbox,
    keys,
    state,
    receiver,
    sender,
    wakes,
    cancelled: () => cancelled,
    tick: (ms: number) => (now += ms),
    setIdentity: (next: SenderIdentity) => (identity = next),
    setFetch: (next: typeof fetch) => (fetchImpl = next),
  };
}

/** A sender whose key is registered: one event sent. */
async function registered() {
  const t = await setup();
  await t.outbox.add(event());
  await t.sender.flush();
  return t;
}

describe('event sender, wire format v2', () => {
  beforeEach(() => fakeBrowser.reset());

  it('registers the device key once with the enrolment token, then sends batches signed with it and no token', async () => {
    const t = await setup();
    const sent = [event(), event('reported')];
    for (const e of sent) await t.outbox.add(e);
    const status = await t.sender.flush();
    const [registration, batch] = t.receiver.requests;
    expect(registration).toMatchObject({ path: '/events/register', status: 201 });
    expect(registration!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(JSON.parse(registration!.body)).toMatchObject({
      schemaVersion: 2,
      device: who.device,
      keyStage: 'KS2',
      extensionVersion: '0.2.0',
    });
    expect(batch).toMatchObject({ path: '/events', status: 200 });
    expect(batch!.headers.authorization).toBeUndefined();
    expect(batch!.headers[KEY_ID_HEADER.toLowerCase()]).toBe((await t.keys.current()).keyId);
    expect(batch!.headers[SIGNATURE_HEADER.toLowerCase()]).toMatch(/^t=\d+,n=[\w-]{16,64},v2=[\w-]{86}$/);
    expect(t.receiver.events().map((s) => s.event)).toEqual(sent);
    expect(await t.outbox.count()).toBe(0);
    expect(status).toMatchObject({ waiting: 0, sentTotal: 2, lastError: null, failures: 0, endpoint: 'configured' });
    expect(status.device).toMatchObject({ keyId: (await t.keys.current()).keyId, registration: 'active', lastRefusal: null });

    await t.outbox.add(event());
    await t.sender.flush();
    expect(t.receiver.requests.filter((r) => r.path === '/events/register')).toHaveLength(1);
    expect(t.receiver.keys()).toEqual([expect.objectContaining({ status: 'active', registrations: 1 })]);
    expect(t.cancelled()).toBe(2);
  });

  it('sends events a previous version queued as v1 as v2, under the pseudonym the key registered', async () => {
    const t = await setup();
    const old = testWireEvent({ device: 'e'.repeat(32) });
    await t.db.add('outbox', { event: old, attempted: false });
    await t.sender.flush();
    expect(t.receiver.events().map((s) => s.event)).toEqual([
      { ...old, schemaVersion: 2, severity: null, term: null, url: null, device: who.device },
    ]);
  });

  it('unknown-device: registers the same key again, then resends', async () => {
    const t = await registered();
    const { keyId } = await t.keys.current();
    t.receiver.forget(keyId);
    const lost = event();
    await t.outbox.add(lost);
    const status = await t.sender.flush();
    expect(t.receiver.requests.map((r) => `${r.path} ${r.status}`)).toEqual([
      '/events/register 201',
      '/events 200',
      '/events 401',
      '/events/register 201',
      '/events 200',
    ]);
    expect((await t.keys.current()).keyId).toBe(keyId);
    expect(t.receiver.events().map((s) => s.event.id)).toContain(lost.id);
    expect(status.device).toMatchObject({ registration: 'active', lastRefusal: 'unknown-device' });
  });

  it('device-revoked: makes a new key, registers it (pending), resends; the endpoint holds those events back', async () => {
    const t = await registered();
    const first = await t.keys.current();
    t.receiver.revoke(first.keyId);
    const next = event('reported');
    await t.outbox.add(next);
    const status = await t.sender.flush();
    const second = await t.keys.current();
    expect(second.keyId).not.toBe(first.keyId);
    expect(second.keyPair.privateKey.extractable).toBe(false);
    expect(t.receiver.keys()).toEqual([
      expect.objectContaining({ keyId: first.keyId, status: 'revoked' }),
      expect.objectContaining({ keyId: second.keyId, status: 'pending', device: who.device }),
    ]);
    expect(t.receiver.events().find((s) => s.event.id === next.id)).toMatchObject({ keyId: second.keyId, heldBack: true });
    expect(await t.outbox.count()).toBe(0);
    expect(status.device).toMatchObject({ keyId: second.keyId, registration: 'pending', lastRefusal: 'device-revoked' });
  });

  it('a revoked key found at registration is replaced before anything is sent', async () => {
    const t = await registered();
    const first = await t.keys.current();
    t.receiver.revoke(first.keyId);
    // The endpoint moved: the device registers there again, and hears the key was revoked.
    await t.keys.setRegistration(first.keyId, 'active', { url: 'https://old.example/events', device: who.device });
    await t.outbox.add(event());
    expect((await t.sender.flush()).waiting).toBe(0);
    expect(t.receiver.requests.slice(2).map((r) => `${r.path} ${r.status}`)).toEqual([
      '/events/register 403',
      '/events/register 202',
      '/events 202',
    ]);
  });

  it('a new pseudonym (the school changed its pseudonym key) gets a new key, and waiting events go under it', async () => {
    const t = await registered();
    const first = await t.keys.current();
    t.setIdentity({ ...who, device: 'f'.repeat(32) });
    await t.outbox.add(event());
    await t.sender.flush();
    const second = await t.keys.current();
    expect(second.keyId).not.toBe(first.keyId);
    expect(t.receiver.keys().find((k) => k.keyId === second.keyId)).toMatchObject({ device: 'f'.repeat(32), status: 'active' });
    expect(t.receiver.events().at(-1)?.event.device).toBe('f'.repeat(32));
  });

  it('replay: tries again at once with a new nonce', async () => {
    const t = await setup();
    await t.outbox.add(event());
    let replays = 1;
    t.setFetch(async (input, init) => {
      if (String(input).endsWith('/events') && replays-- > 0) {
        return new Response('{"error":"replay"}', { status: 409, headers: { 'content-type': 'application/json' } });
      }
      return t.receiver.fetch(input, init);
    });
    expect(await t.sender.flush()).toMatchObject({ waiting: 0, failures: 0 });
  });

  it('gives up for now after a few recoveries in one send, and backs off', async () => {
    const t = await setup();
    await t.outbox.add(event());
    t.setFetch(async (input, init) =>
      String(input).endsWith('/events')
        ? new Response('{"error":"unknown-device"}', { status: 401, headers: { 'content-type': 'application/json' } })
        : t.receiver.fetch(input, init),
    );
    const status = await t.sender.flush();
    expect(status).toMatchObject({ waiting: 1, failures: 1, lastError: expect.stringContaining('registered it again') });
    expect(t.receiver.requests.filter((r) => r.path === '/events/register')).toHaveLength(MAX_RECOVERIES_PER_SEND + 1);
  });

  it.each([
    ['bad enrolment token', { status: 401, body: { error: 'bad-token' } }, 'bad-token', /enrolment token/],
    ['bad signature', { status: 401, body: { error: 'bad-signature' } }, 'bad-signature', /signature/],
    ['stale signature', { status: 401, body: { error: 'stale-signature' } }, 'stale-signature', /clock/],
    ['invalid body', { status: 400, body: { error: 'invalid-body', problems: ['events.0.host'] } }, 'invalid-body', /events\.0\.host/],
    ['too large', { status: 413, body: { error: 'too-large' } }, null, /413/],
    ['rate limited', { status: 429, body: {} }, null, /429/],
    ['server error', { status: 503, body: {} }, null, /503/],
  ])('%s: keeps the events, says why, backs off', async (_name, answer, code, words) => {
    const t = await setup();
    await t.outbox.add(event());
    t.setFetch(
      async () => new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json' } }),
    );
    const status = await t.sender.flush();
    expect(status).toMatchObject({ waiting: 1, failures: 1, lastError: expect.stringMatching(words) });
    expect(status.device?.lastRefusal ?? null).toBe(code);
    expect(t.wakes.at(-1)).toBe(22_500);
  });

  it('keeps events when a 2xx is not an acknowledgement (a network login page) or the network fails', async () => {
    const t = await setup();
    await t.outbox.add(event());
    t.setFetch(async () => new Response('<html>Log in to the Wi-Fi</html>', { headers: { 'content-type': 'text/html' } }));
    expect(await t.sender.flush()).toMatchObject({ waiting: 1, lastError: expect.stringContaining('login page') });
    t.setFetch(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await t.sender.flush()).toMatchObject({ waiting: 1, failures: 2, lastError: expect.stringContaining('Failed to fetch') });
  });

  it('backs off with growing, jittered delays, honours Retry-After, and delivers exactly once when the receiver is back', async () => {
    const t = await setup();
    await t.outbox.add(event());
    t.receiver.setMode('down');
    expect(await t.sender.flush()).toMatchObject({ waiting: 1, failures: 1, nextAttemptAt: new Date(START + 22_500).toISOString() });
    expect(t.wakes).toEqual([22_500, 22_500]); // armed before the send, then the backoff
    await t.sender.flush();
    expect(t.wakes.at(-1)).toBe(45_000);
    t.setFetch(async () => new Response('{}', { status: 503, headers: { 'content-type': 'application/json', 'retry-after': '600' } }));
    await t.sender.flush();
    expect(t.wakes.at(-1)).toBe(600_000);
    t.setFetch(t.receiver.fetch);
    t.receiver.setMode('up');
    expect(await t.sender.flush()).toMatchObject({ waiting: 0, sentTotal: 1, failures: 0, lastError: null });
    expect(t.receiver.events()).toHaveLength(1);
  });

  it('while backing off, a non-urgent event waits for the retry alarm; a report or an alert is tried at once', async () => {
    const t = await setup();
    await t.outbox.add(event());
    t.receiver.setMode('down');
    await t.sender.flush();
    const tries = t.receiver.requests.length;
    t.receiver.setMode('up');
    await t.outbox.add(event('unlocked'));
    expect(await t.sender.flush({ unlessBackingOff: true })).toMatchObject({ waiting: 2, failures: 1 });
    expect(t.receiver.requests).toHaveLength(tries);
    expect([
      isUrgent(event('reported')),
      isUrgent(event('search-alert')),
      isUrgent(event('blocked')),
      isUrgent(event('heartbeat')),
    ]).toEqual([true, true, false, false]);
    await t.outbox.add(event('reported'));
    expect(await t.sender.flush()).toMatchObject({ waiting: 0, failures: 0 });
    // Once the backoff is over, anything goes again.
    t.receiver.setMode('down');
    await t.outbox.add(event());
    await t.sender.flush();
    t.receiver.setMode('up');
    t.tick(60_000);
    expect(await t.sender.flush({ unlessBackingOff: true })).toMatchObject({ waiting: 0 });
  });

  it('an answer lost after the endpoint stored the batch: resent, stored once', async () => {
    const t = await setup();
    const e = event();
    await t.outbox.add(e);
    await t.sender.flush(); // registration and the first batch
    const again = event('reported');
    await t.outbox.add(again);
    t.receiver.setMode('hold');
    expect(await t.sender.flush()).toMatchObject({ waiting: 1 });
    t.receiver.setMode('up');
    expect(await t.sender.flush()).toMatchObject({ waiting: 0 });
    expect(t.receiver.events().filter((s) => s.event.id === again.id)).toHaveLength(1);
  });

  it('holds a blocked event for repeats but sends a report at once, then wakes when the hold is over', async () => {
    const t = await setup();
    await t.outbox.add(event('blocked', { host: 'loop.example' }), { tabId: 4 });
    for (let i = 1; i < 40; i++)
      await t.outbox.add(event('blocked', { host: 'loop.example', occurredAt: new Date(START + i * 400).toISOString() }), { tabId: 4 });
    const report = event('reported', { host: 'loop.example' });
    await t.outbox.add(report);
    const status = await t.sender.flush();
    expect(t.receiver.events().map((s) => s.event.id)).toEqual([report.id]);
    expect(status).toMatchObject({ waiting: 1, nextAttemptAt: new Date(START + BLOCKED_HOLD_MS).toISOString(), lastError: null });
    expect(t.wakes.at(-1)).toBe(BLOCKED_HOLD_MS);
    t.tick(BLOCKED_HOLD_MS);
    await t.sender.flush();
    expect(t.receiver.events().at(-1)?.event).toMatchObject({
      type: 'blocked',
      host: 'loop.example',
      count: 40,
      lastOccurredAt: new Date(START + 39 * 400).toISOString(),
    });
    expect(t.cancelled()).toBe(1);
  });

  it('the test flush sends held events early, and nothing else differs', async () => {
    const t = await setup();
    await t.outbox.add(event('blocked'), { tabId: 1 });
    await t.sender.flush();
    expect(t.receiver.events()).toHaveLength(0);
    await t.sender.flush({ sendHeld: true });
    expect(t.receiver.events()).toHaveLength(1);
  });

  it('sends nothing to a non-HTTPS endpoint, or without one, or without an enrolment token to register with, and says why', async () => {
    const plain = await setup({ endpoint: { url: 'http://dsl.school.example/events', token: 'T' } });
    await plain.outbox.add(event());
    expect(await plain.sender.flush()).toMatchObject({ endpoint: 'invalid', waiting: 1, lastError: expect.stringContaining('https://') });
    const none = await setup({ endpoint: null });
    await none.outbox.add(event());
    expect(await none.sender.flush()).toMatchObject({ endpoint: 'missing', waiting: 1 });
    const noToken = await setup({ endpoint: { url: ENDPOINT.url } });
    await noToken.outbox.add(event());
    expect(await noToken.sender.flush()).toMatchObject({ waiting: 1, lastError: expect.stringContaining('enrolmentToken') });
    expect([...plain.receiver.requests, ...none.receiver.requests, ...noToken.receiver.requests]).toEqual([]);
  });

  it('a registered device needs no enrolment token any more; the v1 token serves as one when enrolmentToken is unset', async () => {
    const legacy = await setup({ endpoint: { url: ENDPOINT.url, token: TOKEN, signingKey: 'old-hmac-secret' } });
    await legacy.outbox.add(event());
    expect(await legacy.sender.flush()).toMatchObject({ waiting: 0 });
    expect(legacy.receiver.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(legacy.receiver.requests.some((r) => /old-hmac-secret|v1=/.test(JSON.stringify(r)))).toBe(false);
  });

  it('sends in batches until the outbox is empty', async () => {
    const t = await setup();
    for (let i = 0; i < 1200; i++) await t.outbox.add(event());
    expect(await t.sender.flush()).toMatchObject({ waiting: 0, sentTotal: 1200 });
    expect(t.receiver.requests.filter((r) => r.path === '/events').map((r) => JSON.parse(r.body).events.length)).toEqual([500, 500, 200]);
  });

  it('runs one send at a time and one more pass for events added meanwhile', async () => {
    const t = await setup();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    t.setFetch(async (input, init) => {
      await gate;
      return t.receiver.fetch(input, init);
    });
    await t.outbox.add(event());
    const a = t.sender.flush();
    await new Promise((r) => setTimeout(r, 20));
    await t.outbox.add(event());
    const b = t.sender.flush();
    const c = t.sender.flush();
    expect(b).toBe(c);
    release();
    await Promise.all([a, b]);
    expect(t.receiver.events()).toHaveLength(2);
    expect(await t.outbox.count()).toBe(0);
  });

  it('a forged batch signed with another key is refused by a v2 receiver', async () => {
    const t = await registered();
    const { keyId } = await t.keys.current();
    const other = await generateDeviceKeyPair();
    const body = JSON.stringify({ events: [event('reported', { device: who.device })] });
    const forged = await t.receiver.fetch('https://dsl.school.example/events', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [KEY_ID_HEADER]: keyId,
        [SIGNATURE_HEADER]: await deviceSignatureHeaderValue(other.privateKey, body, START / 1000, 'n'.repeat(16)),
      },
      body,
    });
    expect(forged.status).toBe(401);
    expect(t.receiver.events()).toHaveLength(1);
  });
});
