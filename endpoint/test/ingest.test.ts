import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postEvents, signedHeaders, startEndpoint, TOKEN, wireEvent, type RunningEndpoint } from './helpers';

let ep: RunningEndpoint;
beforeAll(async () => {
  ep = await startEndpoint();
});
afterAll(() => ep.close());

const count = async () => (await ep.db.query<{ n: number }>('select count(*)::int as n from events'))[0]!.n;

describe('POST /events (PGlite)', () => {
  it('stores a signed batch and de-duplicates a resend by event id', async () => {
    const before = await count();
    const events = [wireEvent(), wireEvent({ type: 'reported', category: null })];
    const first = await postEvents(ep.url, events);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ accepted: 2, duplicates: 0 });
    const again = await postEvents(ep.url, [...events, wireEvent()]);
    expect(await again.json()).toEqual({ accepted: 1, duplicates: 2 });
    expect(await count()).toBe(before + 3);
    const [row] = await ep.db.query<{ host: string; type: string }>('select host, type from events where id = $1', [events[0]!.id]);
    expect(row).toEqual({ host: 'bet365.com', type: 'blocked' });
  });

  it('rejects a wrong or missing bearer token with 401', async () => {
    const body = JSON.stringify({ events: [wireEvent()] });
    const headers = await signedHeaders(body);
    for (const authorization of ['Bearer wrong', '', `Basic ${TOKEN}`]) {
      const res = await fetch(`${ep.url}/events`, { method: 'POST', headers: { ...headers, Authorization: authorization }, body });
      expect(res.status).toBe(401);
      expect((await res.json()).error).toMatch(/bearer token/);
    }
  });

  it('rejects a forged body (signature made with another key, or body changed after signing)', async () => {
    const before = await count();
    const body = JSON.stringify({ events: [wireEvent()] });
    const forged = await fetch(`${ep.url}/events`, { method: 'POST', headers: await signedHeaders(body, 'guessed-key'), body });
    expect(forged.status).toBe(401);
    expect((await forged.json()).error).toMatch(/does not match/);
    const headers = await signedHeaders(body);
    const tampered = await fetch(`${ep.url}/events`, { method: 'POST', headers, body: body.replace('bet365.com', 'other.example') });
    expect(tampered.status).toBe(401);
    expect(await count()).toBe(before);
  });

  it('rejects a replayed request (same signature) with 409 and an old one with 401', async () => {
    const body = JSON.stringify({ events: [wireEvent()] });
    const headers = await signedHeaders(body);
    expect((await fetch(`${ep.url}/events`, { method: 'POST', headers, body })).status).toBe(200);
    const replay = await fetch(`${ep.url}/events`, { method: 'POST', headers, body });
    expect(replay.status).toBe(409);
    expect((await replay.json()).error).toMatch(/replay/);
    const oldBody = JSON.stringify({ events: [wireEvent()] });
    const old = await fetch(`${ep.url}/events`, {
      method: 'POST',
      headers: await signedHeaders(oldBody, undefined, Date.now() / 1000 - 3600),
      body: oldBody,
    });
    expect(old.status).toBe(401);
    expect((await old.json()).error).toMatch(/replayed|clock/);
  });

  it('rejects malformed bodies with 400 and says what is wrong', async () => {
    const bad = async (body: string) => fetch(`${ep.url}/events`, { method: 'POST', headers: await signedHeaders(body), body });
    const notJson = await bad('{not json');
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error).toMatch(/not valid JSON/);
    const withPath = await bad(JSON.stringify({ events: [wireEvent({ host: 'bet365.com/secret?name=x' })] }));
    expect(withPath.status).toBe(400);
    expect((await withPath.json()).details[0]).toMatch(/^events\.0\.host/);
    expect((await bad(JSON.stringify({ events: [] }))).status).toBe(400);
    expect((await bad(JSON.stringify({ events: [{ ...wireEvent(), name: 'Pupil' }] }))).status).toBe(400);
  });

  it('requires JSON and POST', async () => {
    const body = JSON.stringify({ events: [wireEvent()] });
    expect(
      (await fetch(`${ep.url}/events`, { method: 'POST', headers: { ...(await signedHeaders(body)), 'Content-Type': 'text/plain' }, body }))
        .status,
    ).toBe(415);
    expect((await fetch(`${ep.url}/events`)).status).toBe(405);
  });
});
