import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postEvents, signedHeaders, startEndpoint, TOKEN, wireEvent, type RunningEndpoint } from './helpers';
import { statusBeforeBody } from './raw-http';

let ep: RunningEndpoint;
beforeAll(async () => {
  ep = await startEndpoint();
});
afterAll(() => ep.close());

const count = async () => (await ep.db.query<{ n: number }>('select count(*)::int as n from events'))[0]!.n;
const post = async (body: string, headers?: Record<string, string>) =>
  fetch(`${ep.url}/events`, { method: 'POST', headers: headers ?? (await signedHeaders(body)), body });

describe('POST /events, version 1 (PGlite)', () => {
  it('stores a signed batch and de-duplicates a resend by event id', async () => {
    const before = await count();
    const events = [wireEvent(), wireEvent({ type: 'reported', category: null })];
    const first = await postEvents(ep.url, events);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ accepted: 2, duplicates: 0 });
    const again = await postEvents(ep.url, [...events, wireEvent()]);
    expect(await again.json()).toEqual({ accepted: 1, duplicates: 2 });
    expect(await count()).toBe(before + 3);
    const [row] = await ep.db.query<{ host: string; type: string; severity: null; key_id: null }>(
      'select host, type, severity, key_id from events where id = $1',
      [events[0]!.id],
    );
    expect(row).toEqual({ host: 'bet365.com', type: 'blocked', severity: null, key_id: null });
  });

  it('rejects a wrong or missing bearer token with 401', async () => {
    const body = JSON.stringify({ events: [wireEvent()] });
    const headers = await signedHeaders(body);
    for (const authorization of ['Bearer wrong', '', `Basic ${TOKEN}`]) {
      const res = await post(body, { ...headers, Authorization: authorization });
      expect(res.status).toBe(401);
      expect((await res.json()).error).toMatch(/bearer token/);
    }
  });

  it('answers a wrong token before reading its body (a 2 MiB body is never read)', async () => {
    const status = await statusBeforeBody(ep.url, '/events', {
      'content-type': 'application/json',
      authorization: 'Bearer wrong',
      'content-length': String(2 * 1024 * 1024),
    });
    expect(status).toBe(401);
    // And a body over 2 MiB with the right token is refused as too large, not stored.
    const big = JSON.stringify({ events: [wireEvent()], pad: 'x'.repeat(2 * 1024 * 1024) });
    expect((await post(big)).status).toBe(413);
  });

  it('rejects a forged body (signature made with another key, or body changed after signing)', async () => {
    const before = await count();
    const body = JSON.stringify({ events: [wireEvent()] });
    const forged = await post(body, await signedHeaders(body, 'guessed-key'));
    expect(forged.status).toBe(401);
    expect((await forged.json()).error).toMatch(/does not match/);
    const tampered = await post(body.replace('bet365.com', 'other.example'), await signedHeaders(body));
    expect(tampered.status).toBe(401);
    expect(await count()).toBe(before);
  });

  it('rejects a replayed request (same signature) with 409 and an old one with 401', async () => {
    const body = JSON.stringify({ events: [wireEvent()] });
    const headers = await signedHeaders(body);
    expect((await post(body, headers)).status).toBe(200);
    const replay = await post(body, headers);
    expect(replay.status).toBe(409);
    expect((await replay.json()).error).toMatch(/replay/);
    const oldBody = JSON.stringify({ events: [wireEvent()] });
    const old = await post(oldBody, await signedHeaders(oldBody, undefined, Date.now() / 1000 - 3600));
    expect(old.status).toBe(401);
    expect((await old.json()).error).toMatch(/replayed|clock/);
  });

  it('answers 400, never 500, for malformed bodies and values the database cannot hold', async () => {
    const bad = async (body: string) => post(body);
    const notJson = await bad('{not json');
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error).toMatch(/not valid JSON/);
    const withPath = await bad(JSON.stringify({ events: [wireEvent({ host: 'bet365.com/secret?name=x' })] }));
    expect(withPath.status).toBe(400);
    expect((await withPath.json()).details[0]).toMatch(/^events\.0\.host/);
    expect((await bad(JSON.stringify({ events: [] }))).status).toBe(400);
    expect((await bad(JSON.stringify({ events: [{ ...wireEvent(), name: 'Pupil' }] }))).status).toBe(400);
    const huge = await bad(JSON.stringify({ events: [wireEvent({ count: 3e9 })] }));
    expect(huge.status).toBe(400);
    expect((await huge.json()).details[0]).toMatch(/count/);
    expect((await bad(JSON.stringify({ events: [wireEvent({ occurredAt: '0000-01-01T00:00:00Z' })] }))).status).toBe(400);
    expect((await bad(JSON.stringify([1, 2]))).status).toBe(400);
    expect((await bad('null')).status).toBe(400);
  });

  it('requires JSON and POST', async () => {
    const body = JSON.stringify({ events: [wireEvent()] });
    expect((await post(body, { ...(await signedHeaders(body)), 'Content-Type': 'text/plain' })).status).toBe(415);
    expect((await fetch(`${ep.url}/events`)).status).toBe(405);
  });
});

describe('version 1 turned off (ACCEPT_V1=false)', () => {
  it('refuses version 1 requests with the v2 error a device acts on', async () => {
    const off = await startEndpoint({ database: ep.db, config: { acceptV1: false, enrolmentToken: 'enrol-only-token-123456' } });
    try {
      const res = await postEvents(off.url, [wireEvent()]);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: 'unknown-device' });
    } finally {
      await off.endpoint.close();
    }
  });
});
