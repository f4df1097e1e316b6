import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devicePseudonym } from '../../src/core/events/signing';
import { createSignedDevice } from '../../test/fixtures/signed-device';
import { parseAdminExport } from '../src/devices/admin-export';
import { csvCell, parseCsv } from '../src/devices/csv';
import { pageClient } from './browser-client';
import { PASSWORD, postEvents, PSEUDONYM_KEY, signedHeaders, startEndpoint, TOKEN, wireEvent, type RunningEndpoint } from './helpers';

describe('CSV', () => {
  it('reads quoted cells with commas, quotes and line breaks, CRLF and a byte-order mark', () => {
    expect(parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n"two\nlines",\n\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['two\nlines', ''],
    ]);
    expect(() => parseCsv('a\n"open')).toThrow(/not closed/);
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
  });

  it('reads the Admin console export and the Directory API names, works out pseudonyms, and never keeps user columns', async () => {
    const console = await parseAdminExport(
      'Serial Number,Device ID,Asset ID,Location,Status,Annotated User,Recent Users\nSN1,dev-1,A-1,Room 4,ACTIVE,p@school,q@school\n,bad id!,,,,,\nSN3,dev-1,,,,,\n',
      PSEUDONYM_KEY,
    );
    expect(console.devices).toEqual([
      {
        deviceId: 'dev-1',
        pseudonym: await devicePseudonym(PSEUDONYM_KEY, 'dev-1'),
        serialNumber: 'SN1',
        assetId: 'A-1',
        location: 'Room 4',
        model: null,
        orgUnit: null,
        status: 'ACTIVE',
      },
    ]);
    expect(console.skipped).toEqual([
      { line: 3, reason: 'no valid device ID' },
      { line: 4, reason: 'the same device ID again' },
    ]);
    expect(JSON.stringify(console)).not.toContain('@school');
    const gam = await parseAdminExport(
      'deviceId,serialNumber,annotatedAssetId,annotatedLocation,orgUnitPath\nabc,S,AS,"L\u0007",/Pupils/Year 5\n',
      PSEUDONYM_KEY,
    );
    expect(gam.devices[0]).toMatchObject({ assetId: 'AS', location: 'L', orgUnit: '/Pupils/Year 5' });
  });
});

describe('heartbeats and silent devices', () => {
  let ep: RunningEndpoint;
  // The server's clock: starts now (signatures must be fresh) and jumps days ahead.
  let clock = Date.now();
  beforeAll(async () => {
    ep = await startEndpoint({ config: { now: () => new Date(clock) } });
  });
  afterAll(() => ep.close());

  it('a heartbeat fills the register (version, policy, rules, in force); it is no concern and not in the lists', async () => {
    const device = await createSignedDevice();
    expect((await device.register(`${ep.url}/events`, TOKEN)).status).toBe(201);
    const heartbeat = device.event({
      type: 'heartbeat',
      category: null,
      host: null,
      occurredAt: new Date(clock).toISOString(),
      detail: { version: '0.2.0', policy: 'ab12cd34', rules: 1234, inForce: false, source: 'last-good' },
    });
    expect((await device.post(`${ep.url}/events`, [heartbeat])).status).toBe(200);
    const { body } = await ep.api<{ device: Record<string, unknown> }>(`/devices/${device.pseudonym}`);
    expect(body.device).toMatchObject({
      extensionVersion: '0.2.0',
      policyFingerprint: 'ab12cd34',
      ruleCount: 1234,
      inForce: false,
      policySource: 'last-good',
      lastSeenAt: new Date(clock).toISOString(),
    });
    expect((await ep.api<{ concerns: unknown[] }>(`/concerns?device=${device.pseudonym}&status=all`)).body.concerns).toEqual([]);
    expect((await ep.api<{ events: unknown[] }>(`/events?device=${device.pseudonym}`)).body.events).toEqual([]);
    expect((await ep.api<{ events: unknown[] }>(`/events?device=${device.pseudonym}&type=heartbeat`)).body.events).toHaveLength(1);
    const c = pageClient(ep.url);
    await c.logIn('dsl', PASSWORD);
    const page = await c.text(`/devices/${device.pseudonym}`);
    expect(page).toMatch(/Filtering in force<\/dt>\s*<dd><span class="overdue">No<\/span>/);
  });

  it('a device silent longer than the school allows raises one high "device silent" concern; never-seen and revoked devices do not', async () => {
    const talker = randomUUID().replaceAll('-', '');
    const revoked = await createSignedDevice();
    await revoked.register(`${ep.url}/events`, TOKEN);
    await postEvents(ep.url, [wireEvent({ device: talker, category: 'games' })]);
    await ep.api('/devices/import', { body: `Device ID,Asset ID\nnever-${randomUUID()},NEVER-1\n`, contentType: 'text/csv' });
    await ep.api(`/devices/${revoked.pseudonym}/revoke`, { method: 'POST', body: {} });

    clock += 6 * 86_400_000;
    await ep.endpoint.checkSilentDevices();
    expect((await ep.api<{ concerns: unknown[] }>(`/concerns?device=${talker}`)).body.concerns).toEqual([]);

    clock += 2 * 86_400_000;
    await ep.endpoint.checkSilentDevices();
    await ep.endpoint.checkSilentDevices();
    const silent = (
      await ep.api<{ concerns: { kind: string; severity: string; title: string; id: number }[] }>('/concerns?kind=device-silent')
    ).body.concerns;
    const mine = silent.filter((c) => c.title === 'Device silent');
    expect(mine.length).toBeGreaterThanOrEqual(1);
    expect((await ep.api<{ concerns: { kind: string; severity: string }[] }>(`/concerns?device=${talker}`)).body.concerns).toEqual([
      expect.objectContaining({ kind: 'device-silent', severity: 'high' }),
    ]);
    expect((await ep.api<{ concerns: unknown[] }>(`/concerns?device=${revoked.pseudonym}&kind=device-silent`)).body.concerns).toEqual([]);
    const never = (await ep.api<{ devices: { assetId: string; lastSeenAt: null }[] }>('/devices?show=never')).body.devices;
    expect(never.some((d) => d.assetId === 'NEVER-1')).toBe(true);
    expect(silent.some((c) => c.title.includes('NEVER'))).toBe(false);

    // Back again: the concern says so (and stays for the DSL to close). Signed at the server's time.
    const body = JSON.stringify({ events: [wireEvent({ device: talker, category: 'games', occurredAt: new Date(clock).toISOString() })] });
    expect(
      (await fetch(`${ep.url}/events`, { method: 'POST', headers: await signedHeaders(body, undefined, clock / 1000), body })).status,
    ).toBe(200);
    const [concern] = (await ep.api<{ concerns: { id: number }[] }>(`/concerns?device=${talker}&kind=device-silent`)).body.concerns;
    const record = await ep.api<{ notes: { body: string; authorName: string }[] }>(`/concerns/${concern!.id}`);
    expect(record.body.notes[0]).toMatchObject({
      authorName: 'School Safeguard',
      body: expect.stringMatching(/^The device was heard from again on /),
    });
  });

  it('opening the workspace checks for silent devices too (not only the timer)', async () => {
    const quietOne = randomUUID().replaceAll('-', '');
    const body = JSON.stringify({
      events: [wireEvent({ device: quietOne, category: 'games', occurredAt: new Date(clock).toISOString() })],
    });
    await fetch(`${ep.url}/events`, { method: 'POST', headers: await signedHeaders(body, undefined, clock / 1000), body });
    clock += 8 * 86_400_000;
    const c = pageClient(ep.url);
    await c.logIn('dsl', PASSWORD);
    expect(await c.text('/')).toContain('Device silent');
    expect((await ep.api<{ concerns: unknown[] }>(`/concerns?device=${quietOne}&kind=device-silent`)).body.concerns).toHaveLength(1);
  });
});
