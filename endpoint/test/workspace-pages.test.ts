import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devicePseudonym } from '../../src/core/events/signing';
import { totpCode } from '../../src/core/totp';
import { createAccount } from '../src/people/accounts';
import { pageClient } from './browser-client';
import { PASSWORD, postEvents, PSEUDONYM_KEY, startEndpoint, UNLOCK_SECRET, wireEvent, type RunningEndpoint } from './helpers';

let ep: RunningEndpoint;
const IT_PASSWORD = 'it password for tests';
beforeAll(async () => {
  ep = await startEndpoint();
  await createAccount(ep.db, { name: 'it', displayName: 'Ivy Tech', role: 'it', schoolIds: null }, IT_PASSWORD);
});
afterAll(() => ep.close());

async function dsl() {
  const c = pageClient(ep.url);
  expect((await c.logIn('dsl', PASSWORD)).status).toBe(303);
  return c;
}

describe('logging in', () => {
  it('sends visitors to the login page, refuses a wrong password or a forged form, and sets a strict HttpOnly session cookie', async () => {
    const c = pageClient(ep.url);
    const home = await c.request('/');
    expect([home.status, home.headers.get('location')]).toEqual([303, '/login']);
    const wrong = await c.logIn('dsl', 'wrong');
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('Wrong user name or password');
    expect((await c.form('/login', { _csrf: 'forged', user: 'dsl', password: PASSWORD })).status).toBe(403);
    const ok = await c.logIn('dsl', PASSWORD);
    expect(ok.status).toBe(303);
    expect(ok.headers.getSetCookie().find((l) => l.startsWith('sg_session='))).toMatch(/HttpOnly; SameSite=Strict/);
    const page = await c.request('/');
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'.*style-src 'self'/);
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(await page.text()).toContain('Needs action today');
    const logout = await c.submit('/', '/logout', {});
    expect(logout.headers.get('location')).toBe('/login');
    expect((await c.request('/')).status).toBe(303);
  });
});

describe('the DSL works a concern in the pages', () => {
  it('shows a report at the top in plain English and UK time, with everything a device sent escaped', async () => {
    const device = randomUUID().replaceAll('-', '');
    await postEvents(ep.url, [
      wireEvent({ device, category: 'gambling', host: 'older.example', schoolId: '<script>alert(1)</script>' }),
      wireEvent({
        device,
        type: 'reported',
        category: null,
        host: 'video.example',
        schoolId: '<img src=x onerror=alert(1)>',
        detail: { choice: 'naked' },
      }),
    ]);
    const c = await dsl();
    const home = await c.text('/');
    expect(home).toContain('Pupil report: Saw people with no clothes on');
    expect(home).not.toMatch(/<script>alert|<img src=x/);
    expect(home).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(home).not.toMatch(/>to record</);
    expect(home).toMatch(/UK time/);
  });

  it('assigns, sets an outcome, adds a note and closes through the form; the history reads as sentences', async () => {
    const device = randomUUID().replaceAll('-', '');
    await postEvents(ep.url, [wireEvent({ device, type: 'reported', category: null, host: 'chat.example' })]);
    const [concern] = (await ep.api<{ concerns: { id: number }[] }>(`/concerns?device=${device}`)).body.concerns;
    const c = await dsl();
    const path = `/concerns/${concern!.id}`;
    const noOutcome = await c.submit(path, path, { status: 'closed', assignee: 'dsl', dueOn: '', note: '' });
    expect(noOutcome.status).toBe(400);
    expect(await noOutcome.text()).toContain('Record at least one outcome before closing');
    const saved = await c.submit(path, path, [
      ['status', 'closed'],
      ['assignee', 'dsl'],
      ['dueOn', '2026-11-30'],
      ['outcomes', 'talk-with-pupil'],
      ['outcomes', 'parents-informed'],
      ['note', 'Spoke with <b>the pupil</b> and phoned home.'],
    ]);
    expect([saved.status, saved.headers.get('location')]).toEqual([303, `${path}?saved=1`]);
    const page = await c.text(`${path}?saved=1`);
    expect(page).toContain('Saved.');
    expect(page).toContain('Spoke with &lt;b&gt;the pupil&lt;/b&gt; and phoned home.');
    expect(page).toContain('Recorded the outcome: Talk with the pupil; Parents or carers informed');
    expect(page).toContain('Changed the status from New to Closed');
    expect(page).toContain('Set the due date to Mon 30 Nov 2026');
    expect(page).not.toMatch(/parents_informed|false→true/);
    expect(page).not.toContain('Accidental or deliberate');
    const forged = await c.form(path, { _csrf: 'forged', status: 'new' });
    expect(forged.status).toBe(403);
  });

  it('imports the Admin console device list through the upload form and shows the asset ID beside the device', async () => {
    const deviceId = `dir-${randomUUID()}`;
    const pseudonym = await devicePseudonym(PSEUDONYM_KEY, deviceId);
    await postEvents(ep.url, [wireEvent({ device: pseudonym, deviceIdKind: 'directory', type: 'reported', category: null })]);
    const c = await dsl();
    const token = c.csrfFrom(await c.text('/devices'));
    const csv = `Serial Number,Device ID,Asset ID,Location,Status,Annotated User\r\n5CD123,${deviceId},"ASSET-0042","Year 5, Room 2",ACTIVE,pupil@school.example\r\n`;
    const body = new FormData();
    body.set('_csrf', token);
    body.set('file', new Blob([csv], { type: 'text/csv' }), 'devices.csv');
    const res = await c.request('/devices/import', { method: 'POST', body });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('Imported 1 device(s)');
    expect(html).toContain('ASSET-0042');
    expect(html).not.toContain('pupil@school.example');
    const concerns = (await ep.api<{ concerns: { device: { assetId: string } }[] }>(`/concerns?device=${pseudonym}`)).body.concerns;
    expect(concerns[0]!.device.assetId).toBe('ASSET-0042');
    expect(await c.text(`/devices/${pseudonym}`)).toContain('Year 5, Room 2');
    const bad = new FormData();
    bad.set('_csrf', token);
    bad.set('file', new Blob(['Name,Colour\nx,y\n'], { type: 'text/csv' }), 'wrong.csv');
    const refused = await c.request('/devices/import', { method: 'POST', body: bad });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('No &quot;Device ID&quot; column');
  });

  it('shows the unlock code an authenticator app shows, and audits the view', async () => {
    const c = await dsl();
    const page = await c.text('/unlock-code');
    const shown = /class="code"[^>]*>(\d{3}) (\d{3})</.exec(page);
    const now = Date.now() / 1000;
    const expected = [await totpCode(UNLOCK_SECRET, now), await totpCode(UNLOCK_SECRET, now - 30)];
    expect(expected).toContain(`${shown?.[1]}${shown?.[2]}`);
    expect(await c.text('/audit')).toContain('Viewed the unlock code');
  });

  it('adds a person (one-time password shown once), makes an API token, and saves settings', async () => {
    const c = await dsl();
    const added = await c.submit('/people', '/people', { name: 'sam.jones', displayName: 'Sam Jones', role: 'deputy', schools: '' });
    const page = await added.text();
    expect(page).toContain('Added Sam Jones');
    const password = /class="secret">([^<]+)</.exec(page)?.[1];
    const sam = pageClient(ep.url);
    expect((await sam.logIn('sam.jones', password!)).status).toBe(303);
    const tokenPage = await (await sam.submit('/account', '/account/tokens', { label: 'CPOMS sync' })).text();
    const token = /class="secret">(sgt_[^<]+)</.exec(tokenPage)?.[1];
    expect((await ep.api<{ name: string }>('/me', { token: token! })).body.name).toBe('sam.jones');
    const settings = await c.submit('/settings', '/settings', {
      ...Object.fromEntries(
        [...(await c.text('/settings')).matchAll(/<select id="sev-[a-z-]+" name="(sev-[a-z-]+)">(.*?)<\/select>/gs)].map((m) => [
          m[1]!,
          /<option value="(\w+)"\s+selected>/.exec(m[2]!)![1]!,
        ]),
      ),
      repeatThreshold: '4',
      repeatWindowMinutes: '30',
      groupWindowMinutes: '120',
      silentAfterHours: '72',
      'due-high': '0',
      'due-medium': '2',
      'due-low': '7',
    });
    expect(await settings.text()).toContain('Settings saved');
    expect(await c.text('/settings')).toMatch(/id="silentAfterHours" name="silentAfterHours" value="72"/);
  });
});

describe('the event log', () => {
  it('filters events and downloads them as CSV with their concern, formulas defused, and the download audited', async () => {
    const device = randomUUID().replaceAll('-', '');
    await postEvents(ep.url, [wireEvent({ device, type: 'reported', category: null, host: 'csv.example', schoolId: '=HYPERLINK("x")' })]);
    const c = await dsl();
    const today = new Date().toISOString().slice(0, 10);
    expect(await c.text(`/event-log?type=reported&from=${today}&to=${today}`)).toContain('csv.example');
    expect(await c.text('/event-log?type=blocked&from=2000-01-01&to=2000-01-02')).toContain('No events match');
    const res = await c.request('/event-log.csv?type=reported');
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toMatch(/^"id","type","occurred_at",.*"concern_status","concern_outcomes"$/);
    const row = lines.find((l) => l.includes('"csv.example"'))!;
    expect(row).toContain('"\'=HYPERLINK(""x"")"');
    expect(row).toContain('"new"');
    expect(lines.slice(1).every((l) => l.includes('"reported"'))).toBe(true);
    expect(await c.text('/audit')).toContain('Downloaded events as CSV');
  });
});

describe('IT in the pages', () => {
  it('lands on filtering, sees devices, and is refused every concern page', async () => {
    const c = pageClient(ep.url);
    expect((await c.logIn('it', IT_PASSWORD)).status).toBe(303);
    expect((await c.request('/')).headers.get('location')).toBe('/filtering');
    expect((await c.request('/filtering')).status).toBe(200);
    expect((await c.request('/devices')).status).toBe(200);
    for (const path of ['/concerns', '/concerns/1', '/event-log', '/unlock-code', '/people', '/settings', '/audit']) {
      expect([path, (await c.request(path)).status]).toEqual([path, 403]);
    }
    const nav = await c.text('/filtering');
    expect(nav).not.toContain('Needs action');
  });
});
