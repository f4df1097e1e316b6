import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openSafeguardDb } from '@/src/adapters/db';
import { createOutbox, type Outbox } from '@/src/adapters/outbox';
import { createStateStore } from '@/src/adapters/state-store';
import type { WireEvent } from '@/src/core/events/schema';
import { SIGNATURE_HEADER, verifySignature } from '@/src/core/events/signing';
import type { Policy } from '@/src/core/policy/schema';
import { testWireEvent } from '@/test/fixtures/wire-event';
import { createEventSender } from './event-sender';

let dbCounter = 0;
const event = (type: WireEvent['type'] = 'blocked'): WireEvent =>
  testWireEvent({ type, category: null, occurredAt: '2026-11-24T09:00:00.000Z' });

interface Call {
  url: string;
  headers: Record<string, string>;
  body: string;
}

async function setup(endpoint: Policy['endpoint'], answer: (call: Call) => Response | Promise<Response>) {
  const outbox: Outbox = createOutbox(await openSafeguardDb(`sender-test-${++dbCounter}`));
  const state = createStateStore(fakeBrowser.storage.local);
  const calls: Call[] = [];
  const retries: number[] = [];
  let cancelled = 0;
  const sender = createEventSender({
    outbox: async () => outbox,
    endpoint: async () => endpoint,
    state,
    fetch: (async (url: string, init: RequestInit) => {
      const call = { url, headers: init.headers as Record<string, string>, body: String(init.body) };
      calls.push(call);
      return answer(call);
    }) as typeof fetch,
    scheduleRetry: async (ms) => void retries.push(ms),
    cancelRetry: async () => void cancelled++,
    now: () => new Date('2026-11-24T09:00:00Z'),
    random: () => 0.5,
    nonce: () => 'nonce-12345',
  });
  return { outbox, state, calls, retries, sender, cancelled: () => cancelled };
}

const ENDPOINT = { url: 'https://dsl.school.example/events', token: 'TOKEN', signingKey: 'SIGN' };

describe('event sender', () => {
  beforeEach(() => fakeBrowser.reset());

  it('posts the wire format with bearer token and a valid signature, then empties the outbox', async () => {
    const { outbox, calls, sender, cancelled } = await setup(ENDPOINT, () => new Response('{}', { status: 200 }));
    const events = [event(), event('reported')];
    for (const e of events) await outbox.add(e);
    const status = await sender.flush();
    expect(calls).toHaveLength(1);
    const call = calls[0]!;
    expect(call.url).toBe(ENDPOINT.url);
    expect(call.headers['Content-Type']).toBe('application/json');
    expect(call.headers.Authorization).toBe('Bearer TOKEN');
    expect(JSON.parse(call.body)).toEqual({ events });
    const now = Date.parse('2026-11-24T09:00:00Z') / 1000;
    expect((await verifySignature('SIGN', call.body, call.headers[SIGNATURE_HEADER], now)).ok).toBe(true);
    expect(await outbox.count()).toBe(0);
    expect(status).toMatchObject({ waiting: 0, sentTotal: 2, lastError: null, failures: 0, endpoint: 'configured' });
    expect(cancelled()).toBe(1);
  });

  it('keeps events and schedules a growing, jittered retry when the receiver is down', async () => {
    let up = false;
    const { outbox, retries, sender, calls } = await setup(ENDPOINT, () => {
      if (!up) throw new TypeError('Failed to fetch');
      return new Response('ok');
    });
    await outbox.add(event());
    const first = await sender.flush();
    expect(first).toMatchObject({ waiting: 1, failures: 1, lastError: expect.stringContaining('Failed to fetch') });
    expect(retries.at(-1)).toBe(22_500);
    await sender.flush();
    expect(retries.at(-1)).toBe(45_000);
    up = true;
    expect(await sender.flush()).toMatchObject({ waiting: 0, sentTotal: 1, failures: 0, lastError: null });
    expect(calls.map((c) => JSON.parse(c.body).events[0].id)).toEqual(Array(3).fill(JSON.parse(calls[0]!.body).events[0].id));
  });

  it('arms the retry alarm before sending, so a worker stopped mid-send tries again', async () => {
    const { outbox, retries, sender } = await setup(ENDPOINT, () => new Promise<Response>(() => undefined));
    await outbox.add(event());
    void sender.flush();
    await new Promise((r) => setTimeout(r, 50));
    expect(retries).toEqual([22_500]);
  });

  it('treats an error answer as a failure and shows it', async () => {
    const { outbox, sender } = await setup(ENDPOINT, () => new Response('{"error":"bad token"}', { status: 401 }));
    await outbox.add(event());
    expect(await sender.flush()).toMatchObject({ waiting: 1, lastError: 'The endpoint answered 401: {"error":"bad token"}' });
  });

  it('does not take a web page (captive portal) for an acknowledgement', async () => {
    const { outbox, sender } = await setup(
      ENDPOINT,
      () => new Response('<html>Log in to the Wi-Fi</html>', { headers: { 'content-type': 'text/html' } }),
    );
    await outbox.add(event());
    expect(await sender.flush()).toMatchObject({ waiting: 1, lastError: expect.stringContaining('web page') });
  });

  it('sends nothing to a non-HTTPS endpoint, or without one, and says why', async () => {
    const plain = await setup({ url: 'http://dsl.school.example/events', token: 'T' }, () => new Response('ok'));
    await plain.outbox.add(event());
    expect(await plain.sender.flush()).toMatchObject({ endpoint: 'invalid', waiting: 1, lastError: expect.stringContaining('https://') });
    expect(plain.calls).toEqual([]);
    const none = await setup(undefined, () => new Response('ok'));
    await none.outbox.add(event());
    expect(await none.sender.flush()).toMatchObject({ endpoint: 'missing', waiting: 1 });
    expect(none.calls).toEqual([]);
  });

  it('sends in batches until the outbox is empty', async () => {
    const { outbox, calls, sender } = await setup(ENDPOINT, () => new Response('ok'));
    for (let i = 0; i < 1200; i++) await outbox.add(event());
    expect(await sender.flush()).toMatchObject({ waiting: 0, sentTotal: 1200 });
    expect(calls.map((c) => JSON.parse(c.body).events.length)).toEqual([500, 500, 200]);
  });

  it('runs one send at a time and one more pass for events added meanwhile', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { outbox, calls, sender } = await setup(ENDPOINT, async () => {
      await gate;
      return new Response('ok');
    });
    await outbox.add(event());
    const a = sender.flush();
    await new Promise((r) => setTimeout(r, 20));
    await outbox.add(event());
    const b = sender.flush();
    const c = sender.flush();
    expect(b).toBe(c);
    release();
    await Promise.all([a, b]);
    expect(calls).toHaveLength(2);
    expect(await outbox.count()).toBe(0);
  });
});
