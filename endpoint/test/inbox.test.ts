import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FAILED_LOGINS } from '../src/server';
import { csvCell } from '../src/store';
import { PASSWORD, postEvents, startEndpoint, wireEvent, type RunningEndpoint } from './helpers';

let ep: RunningEndpoint;
beforeAll(async () => {
  ep = await startEndpoint();
});
afterAll(() => ep.close());

/** A tiny cookie-keeping client. */
function client() {
  const jar = new Map<string, string>();
  const request = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${ep.url}${path}`, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    return res;
  };
  const form = (path: string, fields: Record<string, string>) =>
    request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  const csrfFrom = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
  return {
    request,
    form,
    csrfFrom,
    jar,
    async logIn(password = PASSWORD) {
      const csrf = csrfFrom(await (await request('/login')).text());
      return form('/login', { _csrf: csrf, user: 'dsl', password });
    },
  };
}

describe('DSL inbox', () => {
  it('sends visitors without a session to the login page, and refuses a wrong password', async () => {
    const c = client();
    const res = await c.request('/');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login');
    expect((await c.request('/export.csv')).status).toBe(303);
    const wrong = await c.logIn('wrong');
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('Wrong user name or password');
  });

  it('refuses a login form without the matching CSRF token', async () => {
    const c = client();
    await c.request('/login');
    const res = await c.form('/login', { _csrf: 'forged', user: 'dsl', password: PASSWORD });
    expect(res.status).toBe(403);
  });

  it('sets an HttpOnly, SameSite=Strict session cookie and shows new events first with filters', async () => {
    const older = wireEvent({ host: 'older.example', category: 'gambling' });
    await postEvents(ep.url, [older]);
    const newer = wireEvent({ type: 'reported', host: 'newer.example', category: null, keyStage: 'KS4' });
    await postEvents(ep.url, [newer]);
    const c = client();
    const login = await c.logIn();
    expect(login.status).toBe(303);
    expect(login.headers.getSetCookie().find((l) => l.startsWith('sg_session='))).toMatch(/HttpOnly; SameSite=Strict/);
    const html = await (await c.request('/')).text();
    expect(html.indexOf('newer.example')).toBeGreaterThan(-1);
    expect(html.indexOf('newer.example')).toBeLessThan(html.indexOf('older.example'));
    const reportedOnly = await (await c.request('/?type=reported&keyStage=KS4')).text();
    expect(reportedOnly).toContain('newer.example');
    expect(reportedOnly).not.toContain('older.example');
    const today = new Date().toISOString().slice(0, 10);
    expect(await (await c.request(`/?from=${today}&to=${today}&category=gambling`)).text()).toContain('older.example');
    expect(await (await c.request('/?from=2000-01-01&to=2000-01-02')).text()).toContain('No events match');
  });

  it("records the school's decision with an audit trail of who changed what", async () => {
    const event = wireEvent({ type: 'reported', host: 'record.example', category: null });
    await postEvents(ep.url, [event]);
    const c = client();
    await c.logIn();
    const page = await (await c.request(`/incidents/${event.id}`)).text();
    expect(page).toContain('record.example');
    const csrf = c.csrfFrom(page);
    const forged = await c.form(`/incidents/${event.id}`, { _csrf: 'nope', nature: 'deliberate' });
    expect(forged.status).toBe(403);
    const saved = await c.form(`/incidents/${event.id}`, {
      _csrf: csrf,
      nature: 'accidental',
      escalated_ceop: 'yes',
      parents_informed: 'yes',
      action_taken: 'Spoke to the pupil; site added to the block list.',
      notes: '<script>alert(1)</script>',
    });
    expect(saved.status).toBe(303);
    const after = await (await c.request(`/incidents/${event.id}?saved=1`)).text();
    expect(after).toContain('Saved.');
    expect(after).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(after).not.toContain('<script>alert(1)');
    const audit = await ep.db.query<{ actor: string; field: string; old_value: string; new_value: string }>(
      'select actor, field, old_value, new_value from incident_audit where event_id = $1 order by seq',
      [event.id],
    );
    expect(audit.map((a) => a.field)).toEqual(['nature', 'action_taken', 'escalated_ceop', 'parents_informed', 'notes']);
    expect(audit[0]).toEqual({ actor: 'dsl', field: 'nature', old_value: 'not-recorded', new_value: 'accidental' });
    // Saving again unchanged adds no audit rows; changing one field adds one.
    await c.form(`/incidents/${event.id}`, {
      _csrf: csrf,
      nature: 'deliberate',
      escalated_ceop: 'yes',
      parents_informed: 'yes',
      action_taken: 'Spoke to the pupil; site added to the block list.',
      notes: '<script>alert(1)</script>',
    });
    const trail = await ep.db.query('select field from incident_audit where event_id = $1', [event.id]);
    expect(trail).toHaveLength(6);
  });

  it('exports CSV for the annual review, with the incident record and formula injection defused', async () => {
    const event = wireEvent({ host: 'csv.example', category: 'gambling' });
    await postEvents(ep.url, [event]);
    const c = client();
    await c.logIn();
    const res = await c.request('/export.csv?category=gambling');
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toMatch(/^"id","type","occurred_at"/);
    expect(lines.some((l) => l.includes('"csv.example"'))).toBe(true);
    expect(lines.every((l, i) => i === 0 || l.includes('"gambling"'))).toBe(true);
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
  });

  it('refuses logins from an address after repeated wrong passwords', async () => {
    const other = await startEndpoint();
    try {
      const jarless = async (password: string) => {
        const page = await fetch(`${other.url}/login`);
        const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
        return fetch(`${other.url}/login`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `sg_login_csrf=${csrf}` },
          body: new URLSearchParams({ _csrf: csrf, user: 'dsl', password }).toString(),
        });
      };
      for (let i = 0; i < MAX_FAILED_LOGINS; i++) expect((await jarless('wrong')).status).toBe(401);
      expect((await jarless(PASSWORD)).status).toBe(429);
    } finally {
      await other.close();
    }
  });

  it('logs out', async () => {
    const c = client();
    await c.logIn();
    const csrf = c.csrfFrom(await (await c.request('/')).text());
    expect((await c.form('/logout', { _csrf: csrf })).headers.get('location')).toBe('/login');
    expect((await c.request('/')).status).toBe(303);
  });
});
