import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db';
import { pageClient } from './browser-client';
import { PASSWORD, startEndpoint, type RunningEndpoint } from './helpers';

let db: Database;
beforeAll(async () => {
  db = await openDatabase({});
});
afterAll(() => db.close());

const LIMITS = { perClient: 10, perAccount: 30, perAddress: 45 };

/** A fresh server (fresh counters) on the shared database. */
async function server(trustProxy?: string): Promise<RunningEndpoint> {
  return startEndpoint({ database: db, config: { loginLimits: LIMITS, ...(trustProxy ? { trustProxy } : {}) } });
}

async function attempt(ep: RunningEndpoint, password: string, from?: string, client = pageClient(ep.url)) {
  const token = client.csrfFrom(await client.text('/login'));
  return client.request('/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(from ? { 'x-forwarded-for': from } : {}) },
    body: new URLSearchParams({ _csrf: token, user: 'dsl', password }).toString(),
  });
}

describe('login limits', () => {
  it('60 wrong passwords at once: exactly the limit are checked, the rest refused unchecked', async () => {
    const ep = await server();
    try {
      const client = pageClient(ep.url);
      const token = client.csrfFrom(await client.text('/login'));
      const statuses = await Promise.all(
        Array.from({ length: 60 }, () =>
          client
            .request('/login', {
              method: 'POST',
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
              body: new URLSearchParams({ _csrf: token, user: 'dsl', password: 'guess' }).toString(),
            })
            .then((r) => r.status),
        ),
      );
      expect(statuses.filter((s) => s === 401)).toHaveLength(LIMITS.perClient);
      expect(statuses.filter((s) => s === 429)).toHaveLength(60 - LIMITS.perClient);
    } finally {
      await ep.endpoint.close();
    }
  });

  it('behind a trusted proxy, guessing from one client does not lock out the DSL at another', async () => {
    const ep = await server('127.0.0.1');
    try {
      for (let i = 0; i < LIMITS.perClient; i++) expect((await attempt(ep, 'guess', '203.0.113.9')).status).toBe(401);
      const refused = await attempt(ep, PASSWORD, '203.0.113.9');
      expect(refused.status).toBe(429);
      expect(await refused.text()).toContain('Too many tries');
      expect((await attempt(ep, PASSWORD, '198.51.100.7')).status).toBe(303);
    } finally {
      await ep.endpoint.close();
    }
  });

  it('when every client shares one address, strangers use up the allowance but the DSL’s own browser still logs in', async () => {
    const ep = await server();
    try {
      const dslBrowser = pageClient(ep.url);
      expect((await attempt(ep, PASSWORD, undefined, dslBrowser)).status).toBe(303);
      dslBrowser.jar.delete('sg_session'); // the session ended; the browser remembers it logged in here
      const attacker = pageClient(ep.url);
      let refused = 0;
      for (let i = 0; i < LIMITS.perAccount + 5; i++) if ((await attempt(ep, `guess-${i}`, undefined, attacker)).status === 429) refused++;
      expect(refused).toBeGreaterThan(0);
      // A new browser is refused for now (that is the price of the attack)…
      expect((await attempt(ep, PASSWORD)).status).toBe(429);
      // …but the browser the DSL used before keeps its own allowance.
      expect((await attempt(ep, PASSWORD, undefined, dslBrowser)).status).toBe(303);
      // A made-up known-browser cookie is worthless (it is signed).
      const faker = pageClient(ep.url);
      faker.jar.set('sg_known', encodeURIComponent('dsl\nforged'));
      expect((await attempt(ep, PASSWORD, undefined, faker)).status).toBe(429);
    } finally {
      await ep.endpoint.close();
    }
  });
});
