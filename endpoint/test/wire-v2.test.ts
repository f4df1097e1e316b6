import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignedDevice, type SignedDevice } from '../../test/fixtures/signed-device';
import { startEndpoint, TOKEN, type RunningEndpoint } from './helpers';
import { statusBeforeBody } from './raw-http';

let ep: RunningEndpoint;
let eventsUrl: string;
beforeAll(async () => {
  ep = await startEndpoint();
  eventsUrl = `${ep.url}/events`;
});
afterAll(() => ep.close());

async function registered(fields: Parameters<typeof createSignedDevice>[0] = {}): Promise<SignedDevice> {
  const device = await createSignedDevice(fields);
  expect((await device.register(eventsUrl, TOKEN)).status).toBe(201);
  return device;
}
const rows = (device: string) =>
  ep.db.query<{ id: string; held_back: boolean; key_id: string }>('select id, held_back, key_id from events where device = $1', [device]);

describe('registration (POST /events/register)', () => {
  it('trusts the first key on first use, answers the same key again with 200, and lists the device', async () => {
    const device = await createSignedDevice();
    const first = await device.register(eventsUrl, TOKEN);
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ keyId: device.keyId, status: 'active' });
    const again = await device.register(eventsUrl, TOKEN);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ keyId: device.keyId, status: 'active' });
    const { body } = await ep.api<{ device: { pseudonym: string; keyStatus: string } }>(`/devices/${device.pseudonym}`);
    expect(body.device).toMatchObject({ pseudonym: device.pseudonym, keyStatus: 'active' });
  });

  it('refuses a wrong enrolment token before reading the body, a forged signature, and a key ID that is not the thumbprint', async () => {
    const device = await createSignedDevice();
    expect((await device.register(eventsUrl, 'wrong-token')).status).toBe(401);
    expect(
      await statusBeforeBody(ep.url, '/events/register', {
        'content-type': 'application/json',
        authorization: 'Bearer nope',
        'content-length': '60000',
      }),
    ).toBe(401);
    const other = await createSignedDevice();
    const body = JSON.stringify(device.registration);
    // Signed by another key: the device does not hold the key it registers.
    const stolen = await fetch(`${eventsUrl}/register`, {
      method: 'POST',
      headers: { ...(await other.headers(body)), 'X-Safeguard-Key': device.keyId, authorization: `Bearer ${TOKEN}` },
      body,
    });
    expect(stolen.status).toBe(401);
    expect(await stolen.json()).toEqual({ error: 'bad-signature' });
    const wrongId = JSON.stringify({ ...device.registration, keyId: other.keyId });
    const mismatch = await fetch(`${eventsUrl}/register`, {
      method: 'POST',
      headers: { ...(await other.headers(wrongId)), authorization: `Bearer ${TOKEN}` },
      body: wrongId,
    });
    expect(mismatch.status).toBe(400);
    expect((await mismatch.json()).problems[0]).toMatch(/thumbprint/);
  });
  it('applies the clock and nonce checks to registrations too: a stale one is 401, a replayed one 409', async () => {
    const device = await createSignedDevice();
    const body = JSON.stringify(device.registration);
    const post = async (headers: Record<string, string>) =>
      fetch(`${eventsUrl}/register`, { method: 'POST', headers: { ...headers, authorization: `Bearer ${TOKEN}` }, body });
    const stale = await post(await device.headers(body, { nowSeconds: Date.now() / 1000 - 3600 }));
    expect([stale.status, await stale.json()]).toEqual([401, { error: 'stale-signature' }]);
    const headers = await device.headers(body);
    expect((await post(headers)).status).toBe(201);
    const replay = await post(headers);
    expect([replay.status, await replay.json()]).toEqual([409, { error: 'replay' }]);
  });
});

describe('signed batches (POST /events with X-Safeguard-Key)', () => {
  it('stores a batch from a registered key, de-duplicates, and answers the documented errors', async () => {
    const device = await registered();
    const event = device.event({ type: 'reported', category: null, detail: { choice: 'unkind' } });
    const ok = await device.post(eventsUrl, [event]);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ accepted: 1, duplicates: 0 });
    expect(await (await device.post(eventsUrl, [event])).json()).toEqual({ accepted: 0, duplicates: 1 });

    const stranger = await createSignedDevice();
    const unknown = await stranger.post(eventsUrl, [stranger.event()]);
    expect([unknown.status, await unknown.json()]).toEqual([401, { error: 'unknown-device' }]);

    const body = JSON.stringify({ events: [device.event()] });
    const stale = await fetch(eventsUrl, {
      method: 'POST',
      headers: await device.headers(body, { nowSeconds: Date.now() / 1000 - 3600 }),
      body,
    });
    expect([stale.status, await stale.json()]).toEqual([401, { error: 'stale-signature' }]);
    const headers = await device.headers(body);
    const tampered = await fetch(eventsUrl, { method: 'POST', headers, body: body.replace('a.example', 'b.example') });
    expect([tampered.status, await tampered.json()]).toEqual([401, { error: 'bad-signature' }]);
    expect((await fetch(eventsUrl, { method: 'POST', headers, body })).status).toBe(200);
    const replay = await fetch(eventsUrl, { method: 'POST', headers, body });
    expect([replay.status, await replay.json()]).toEqual([409, { error: 'replay' }]);
  });

  it('refuses a batch speaking for another pseudonym, and bad bodies with invalid-body', async () => {
    const a = await registered();
    const b = await registered();
    const forged = await a.post(eventsUrl, [a.event({ device: b.pseudonym })]);
    expect(forged.status).toBe(400);
    expect((await forged.json()).problems[0]).toMatch(/events\.0\.device/);
    expect(await rows(b.pseudonym)).toEqual([]);
    const huge = await a.post(eventsUrl, [a.event({ count: 3_000_000_000 })]);
    expect([huge.status, (await huge.json()).error]).toEqual([400, 'invalid-body']);
    const url = await a.post(eventsUrl, [a.event({ type: 'blocked', url: 'javascript:alert(1)' })]);
    expect(url.status).toBe(400);
  });

  it("keeps a report's page address, but never a URL or term on events the wire format never sends them with", async () => {
    const device = await registered();
    const report = device.event({ type: 'reported', category: null, url: 'https://docs.example/d/1/edit' });
    const block = device.event({ url: 'https://bet.example/account?name=pupil', term: 'sneaky' });
    expect((await device.post(eventsUrl, [report, block])).status).toBe(200);
    const stored = await ep.db.query<{ id: string; url: string | null; term: string | null }>(
      'select id, url, term from events where id = any($1::uuid[])',
      [[report.id, block.id]],
    );
    expect(Object.fromEntries(stored.map((r) => [r.id, [r.url, r.term]]))).toEqual({
      [report.id]: ['https://docs.example/d/1/edit', null],
      [block.id]: [null, null],
    });
  });

  it('never reads the body of an unknown key', async () => {
    const stranger = await createSignedDevice();
    expect(
      await statusBeforeBody(ep.url, '/events', {
        'content-type': 'application/json',
        'x-safeguard-key': stranger.keyId,
        'content-length': String(2 * 1024 * 1024),
      }),
    ).toBe(401);
  });
});

describe('one pseudonym, one key', () => {
  it('holds a second key pending, keeps its batches aside, raises its re-enrolment concern to high on a report, and approval releases them', async () => {
    const original = await registered();
    const impostor = await createSignedDevice({ device: original.pseudonym });
    const pending = await impostor.register(eventsUrl, TOKEN);
    expect([pending.status, await pending.json()]).toEqual([202, { keyId: impostor.keyId, status: 'pending' }]);
    const reEnrolment = async () =>
      (
        await ep.api<{ concerns: { kind: string; severity: string; device: { pseudonym: string }; id: number }[] }>(
          `/concerns?device=${original.pseudonym}&status=all`,
        )
      ).body.concerns.find((c) => c.kind === 're-enrolment');
    expect(await reEnrolment()).toMatchObject({ severity: 'medium' });

    const held = await impostor.post(eventsUrl, [impostor.event({ type: 'reported', category: null })]);
    expect([held.status, await held.json()]).toEqual([202, { accepted: 1, duplicates: 0, heldBack: 1 }]);
    expect((await rows(original.pseudonym)).every((r) => r.held_back)).toBe(true);
    // Held events open no concern and appear in no list.
    const concern = await reEnrolment();
    expect(concern).toMatchObject({ severity: 'high' });
    expect((await ep.api<{ events: unknown[] }>(`/events?device=${original.pseudonym}`)).body.events).toEqual([]);
    // The original key still speaks for the device meanwhile.
    expect((await original.post(eventsUrl, [original.event()])).status).toBe(200);

    const approve = await ep.api<{ status: string }>(`/device-keys/${impostor.keyId}/approve`, { method: 'POST', body: {} });
    expect(approve).toEqual({ status: 200, body: { keyId: impostor.keyId, status: 'active' } });
    const after = await rows(original.pseudonym);
    expect(after.some((r) => r.held_back)).toBe(false);
    const concerns = (await ep.api<{ concerns: { kind: string; status: string }[] }>(`/concerns?device=${original.pseudonym}&status=all`))
      .body.concerns;
    expect(concerns.find((c) => c.kind === 'report')).toMatchObject({ status: 'new' });
    expect(concerns.find((c) => c.kind === 're-enrolment')).toMatchObject({ status: 'closed' });
    // The old key is revoked: it gets 403, and its registration again is refused.
    const revoked = await original.post(eventsUrl, [original.event()]);
    expect([revoked.status, await revoked.json()]).toEqual([403, { error: 'device-revoked' }]);
    expect((await original.register(eventsUrl, TOKEN)).status).toBe(403);
  });

  it('rejecting a pending key revokes it and discards its held events', async () => {
    const original = await registered();
    const impostor = await createSignedDevice({ device: original.pseudonym });
    await impostor.register(eventsUrl, TOKEN);
    await impostor.post(eventsUrl, [impostor.event({ category: 'self-harm', host: 'fake.example' })]);
    expect((await ep.api(`/device-keys/${impostor.keyId}/reject`, { method: 'POST', body: {} })).status).toBe(200);
    expect((await rows(original.pseudonym)).filter((r) => r.key_id === impostor.keyId)).toEqual([]);
    expect((await impostor.post(eventsUrl, [impostor.event()])).status).toBe(403);
    expect((await original.post(eventsUrl, [original.event()])).status).toBe(200);
  });

  it('revoking a device stops every key; a new key then waits for approval', async () => {
    const device = await registered();
    expect((await ep.api(`/devices/${device.pseudonym}/revoke`, { method: 'POST', body: {} })).body).toEqual({ revokedKeys: 1 });
    expect((await device.post(eventsUrl, [device.event()])).status).toBe(403);
    const fresh = await createSignedDevice({ device: device.pseudonym });
    expect((await fresh.register(eventsUrl, TOKEN)).status).toBe(202);
  });
});
