import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../src/people/accounts';
import { postEvents, startEndpoint, wireEvent, type RunningEndpoint } from './helpers';

let ep: RunningEndpoint;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  ep = await startEndpoint();
  const people = [
    { name: 'deputy', displayName: 'Dee Puty', role: 'deputy', schoolIds: null },
    { name: 'it', displayName: 'Ivy Tech', role: 'it', schoolIds: null },
    { name: 'dsl-a', displayName: 'Ada School A', role: 'dsl', schoolIds: ['URN-A'] },
  ];
  for (const person of people) {
    const created = await ep.api<{ password: string }>('/people', { method: 'POST', body: person });
    expect(created.status).toBe(201);
    expect(created.body.password).toMatch(/^[a-z0-9]{5}(-[a-z0-9]{5}){3}$/);
    tokens[person.name] = (await createApiToken(ep.db, person.name, 'test', new Date())).token;
  }
});
afterAll(() => ep.close());

const as = <T>(who: string, path: string, init: Parameters<RunningEndpoint['api']>[1] = {}) =>
  ep.api<T>(path, { ...init, token: tokens[who]! });

describe('roles', () => {
  it('publishes OpenAPI generated from the route schemas, page routes left out', async () => {
    const doc = (await (await fetch(`${ep.url}/api/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { responses: Record<string, { content?: Record<string, { schema: { properties?: Record<string, unknown> } }> }> }>
      >;
    };
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of ['/api/concerns', '/api/concerns/{id}', '/api/events', '/api/devices', '/api/devices/import', '/api/needs-action']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(doc.paths['/api/concerns']!.get!.responses['200']!.content!['application/json']!.schema.properties).toHaveProperty('concerns');
    expect(Object.keys(doc.paths).some((p) => !p.startsWith('/api/'))).toBe(false);
  });

  it('refuses the API without a valid token', async () => {
    expect((await ep.api('/concerns', { token: 'sgt_wrong' })).status).toBe(401);
    const res = await fetch(`${ep.url}/api/concerns`);
    expect(res.status).toBe(401);
  });

  it('IT sees filtering statistics, devices and device health, never concerns or the events behind them', async () => {
    const device = randomUUID().replaceAll('-', '');
    await postEvents(ep.url, [wireEvent({ device, type: 'reported', category: null }), wireEvent({ device, category: 'gambling' })]);
    expect((await as('it', '/concerns')).status).toBe(403);
    expect((await as('it', '/needs-action')).status).toBe(403);
    expect((await as('it', '/concerns/1')).status).toBe(403);
    expect((await as('it', '/events')).status).toBe(403);
    expect((await as('it', '/events?type=reported')).status).toBe(403);
    expect((await as('it', '/events?type=heartbeat')).status).toBe(200);
    expect((await as('it', '/unlock-code')).status).toBe(403);
    expect((await as('it', '/people')).status).toBe(403);
    expect((await as('it', '/statistics')).status).toBe(200);
    const record = await as<{ device: { pseudonym: string }; chronology: unknown }>('it', `/devices/${device}`);
    expect(record.status).toBe(200);
    expect(record.body.chronology).toBeNull();
  });

  it('a deputy can do everything a DSL can', async () => {
    for (const path of [
      '/concerns',
      '/needs-action',
      '/events',
      '/devices',
      '/statistics',
      '/people',
      '/audit',
      '/unlock-code',
      '/reports/weekly',
    ]) {
      expect([path, (await as('deputy', path)).status]).toEqual([path, 200]);
    }
  });

  it("a trust's school-scoped account sees only its schools' concerns, events and devices", async () => {
    const a = randomUUID().replaceAll('-', '');
    const b = randomUUID().replaceAll('-', '');
    await postEvents(ep.url, [wireEvent({ device: a, schoolId: 'URN-A', type: 'reported', category: null })]);
    await postEvents(ep.url, [wireEvent({ device: b, schoolId: 'URN-B', type: 'reported', category: null })]);
    const mine = (await as<{ concerns: { schoolId: string; id: number }[] }>('dsl-a', '/concerns?status=all')).body.concerns;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((c) => c.schoolId === 'URN-A')).toBe(true);
    const other = (await ep.api<{ concerns: { id: number }[] }>(`/concerns?device=${b}`)).body.concerns[0]!;
    expect((await as('dsl-a', `/concerns/${other.id}`)).status).toBe(404);
    expect((await as('dsl-a', `/concerns/${other.id}`, { method: 'PATCH', body: { note: 'peek' } })).status).toBe(404);
    expect((await as('dsl-a', `/devices/${b}`)).status).toBe(404);
    const events = (await as<{ events: { schoolId: string }[] }>('dsl-a', '/events')).body.events;
    expect(events.every((e) => e.schoolId === 'URN-A')).toBe(true);
    // Nor can it give anyone access beyond its schools, or assign a concern to someone who cannot see it.
    const wider = await as('dsl-a', '/people', {
      method: 'POST',
      body: { name: 'spy', displayName: 'Spy', role: 'dsl', schoolIds: ['URN-B'] },
    });
    expect(wider.status).toBe(403);
    const everySchool = await as<{ schoolIds: string[] | null }>('dsl-a', '/people', {
      method: 'POST',
      body: { name: 'helper-a', displayName: 'Helper A', role: 'deputy', schoolIds: null },
    });
    expect(everySchool.status).toBe(201);
    expect(
      (await ep.api<{ people: { name: string; schoolIds: string[] | null }[] }>('/people')).body.people.find((p) => p.name === 'helper-a')
        ?.schoolIds,
    ).toEqual(['URN-A']);
    const mineId = mine[0]!.id;
    expect((await as('dsl-a', `/concerns/${mineId}`, { method: 'PATCH', body: { assignee: 'helper-a' } })).status).toBe(200);
    expect((await ep.api(`/concerns/${other.id}`, { method: 'PATCH', body: { assignee: 'helper-a' } })).status).toBe(400);
    expect((await ep.api(`/concerns/${other.id}`, { method: 'PATCH', body: { assignee: 'it' } })).status).toBe(400);
  });

  it('a disabled account loses its API tokens at once; nobody can disable themselves or remove the last trust-wide DSL', async () => {
    expect((await as('deputy', '/me')).status).toBe(200);
    const off = await ep.api('/people/deputy', {
      method: 'PATCH',
      body: { displayName: 'Dee Puty', role: 'deputy', schoolIds: null, disabled: true },
    });
    expect(off.status).toBe(200);
    expect((await as('deputy', '/me')).status).toBe(401);
    expect(
      (await ep.api('/people/dsl', { method: 'PATCH', body: { displayName: 'dsl', role: 'dsl', schoolIds: null, disabled: true } })).status,
    ).toBe(400);
    expect((await ep.api('/people/dsl', { method: 'PATCH', body: { displayName: 'dsl', role: 'it', schoolIds: null } })).status).toBe(400);
  });

  it('DSL_API_TOKEN gives the first DSL a token; every unlock-code view is audited', async () => {
    expect((await ep.api<{ name: string; role: string }>('/me')).body).toMatchObject({ name: 'dsl', role: 'dsl' });
    const code = await ep.api<{ codes: { code: string }[] }>('/unlock-code');
    expect(code.body.codes[0]!.code).toMatch(/^\d{6}$/);
    const audit = (await ep.api<{ entries: { action: string; actor: string }[] }>('/audit')).body.entries;
    expect(audit.find((a) => a.action === 'unlock-code-viewed')).toMatchObject({ actor: 'dsl' });
  });
});
