import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Worker } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../endpoint/src/db';
import { createNotifier } from '../../endpoint/src/notify';
import { createEndpointServer, type EndpointServer } from '../../endpoint/src/server';
import type { OutboxStatus } from '../../src/core/events/outbox-status';
import { SIGNATURE_HEADER, signatureHeaderValue } from '../../src/core/events/signing';
import { launchBrowser, removePolicy, startTestServer, writePolicy, EXTENSION_ID, type LaunchedBrowser, type TestServer } from './harness';

/** The extension's own global inside its service worker (evaluated there, not in Node). */
declare const chrome: { storage: { local: { get(key: string): Promise<Record<string, unknown>> } } };

const TOKEN = 'e2e-token';
const SIGNING_KEY = 'e2e-signing-key';
const DSL_PASSWORD = 'e2e dsl password';

interface Captured {
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * Sits between the extension and the real endpoint so a test can take the receiver down, or let
 * it store a batch but never answer (as when the worker is stopped mid-send), and see raw bodies.
 */
async function startGate(targetPort: number) {
  const captured: Captured[] = [];
  let mode: 'pass' | 'down' | 'hold' = 'pass';
  const held: import('node:http').ServerResponse[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void relay());
    const relay = async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      captured.push({ headers: req.headers, body });
      if (mode === 'down') return void req.socket.destroy();
      const upstream = await fetch(`http://127.0.0.1:${targetPort}${req.url}`, {
        method: 'POST',
        headers: {
          'content-type': String(req.headers['content-type']),
          authorization: String(req.headers.authorization),
          [SIGNATURE_HEADER]: String(req.headers[SIGNATURE_HEADER.toLowerCase()]),
        },
        body,
      });
      const text = await upstream.text();
      if (mode === 'hold') return void held.push(res);
      res.writeHead(upstream.status, { 'content-type': 'application/json' });
      res.end(text);
    };
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    port: (server.address() as AddressInfo).port,
    captured,
    setMode(next: typeof mode) {
      mode = next;
    },
    close: () =>
      new Promise<void>((done) => {
        for (const res of held) res.destroy();
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

let db: Database;
let endpoint: EndpointServer;
let endpointPort: number;
let gate: Awaited<ReturnType<typeof startGate>>;
let pages: TestServer;
let browser: LaunchedBrowser | undefined;

beforeAll(async () => {
  db = await openDatabase({});
  endpoint = await createEndpointServer(
    db,
    { token: TOKEN, signingKey: SIGNING_KEY, dslUser: 'dsl', dslPassword: DSL_PASSWORD, secureCookies: false },
    createNotifier({ categories: [] }),
  );
  await new Promise<void>((done) => endpoint.server.listen(0, '127.0.0.1', done));
  endpointPort = (endpoint.server.address() as AddressInfo).port;
  gate = await startGate(endpointPort);
  pages = await startTestServer();
  writePolicy(policyWithEndpoint(`http://127.0.0.1:${gate.port}/events`));
});

afterEach(async () => {
  await browser?.close();
  browser = undefined;
  gate.setMode('pass');
});

afterAll(async () => {
  removePolicy();
  await gate.close();
  await pages.close();
  endpoint.server.closeAllConnections();
  await new Promise((done) => endpoint.server.close(done));
  await db.close();
});

function currentWorker(context: BrowserContext): Worker | undefined {
  return context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${EXTENSION_ID}/`));
}

async function outboxStatus(context: BrowserContext): Promise<OutboxStatus | null> {
  const worker = currentWorker(context);
  if (!worker) return null;
  return (await worker
    .evaluate(async () => ((await chrome.storage.local.get('outboxStatus')).outboxStatus ?? null) as unknown)
    .catch(() => null)) as OutboxStatus | null;
}

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function rowsFor(host: string) {
  return db.query<Record<string, unknown>>('select * from events where host = $1', [host]);
}

/**
 * The harness maps every host to its page server, and Chromium applies that to IP literals too:
 * exclude 127.0.0.1 so the endpoint (and inbox) on loopback are reached directly.
 */
const POLICY = {
  keyStage: 'KS2',
  schoolId: 'URN-E2E',
  // An IP literal on loopback: plain HTTP is allowed there only.
  endpoint: { url: '', token: TOKEN, signingKey: SIGNING_KEY, pseudonymKey: 'e2e-school-key' },
};
const policyWithEndpoint = (url: string) => ({ ...POLICY, endpoint: { ...POLICY.endpoint, url } });

const launch = (userDataDir?: string) =>
  launchBrowser({
    server: pages,
    ...(userDataDir ? { userDataDir } : {}),
    extraArgs: [`--host-resolver-rules=MAP * 127.0.0.1:${pages.port}, EXCLUDE 127.0.0.1`],
  });

async function ready(userDataDir?: string): Promise<LaunchedBrowser> {
  const launched = await launch(userDataDir);
  await launched.waitForStatus((s) => s.source === 'admin' && s.schoolId === 'URN-E2E');
  return launched;
}

describe('breach events reach the reference endpoint', () => {
  it('a blocked visit arrives with the host only, signed, and nothing of the path or query', async () => {
    browser = await ready();
    const { finalUrl } = await browser.visit('https://bet365.com/secret-path?name=x');
    expect(finalUrl).toContain(`chrome-extension://${EXTENSION_ID}/blocked.html`);
    const [row] = await waitFor('the blocked event in the database', async () => {
      const rows = await rowsFor('bet365.com');
      return rows.length > 0 && rows;
    });
    expect(row).toMatchObject({
      type: 'blocked',
      category: 'gambling',
      key_stage: 'KS2',
      school_id: 'URN-E2E',
      device_id_kind: 'install',
      count: 1,
    });
    expect(row!.device).toMatch(/^[0-9a-f]{32}$/);
    const sent = gate.captured.find((c) => c.body.includes('bet365.com'))!;
    expect(sent.headers['content-type']).toBe('application/json');
    expect(sent.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(sent.headers[SIGNATURE_HEADER.toLowerCase()]).toMatch(/^t=\d+,n=\w+,v1=[0-9a-f]{64}$/);
    expect(sent.body).not.toMatch(/secret-path|name=x|https?:/);
    // The page itself never reached the network.
    expect(pages.requestsTo('bet365.com')).toEqual([]);
    await waitFor('outbox empty', async () => (await outboxStatus(browser!.context))?.waiting === 0);
  });

  it('a page cannot make an event: opening the blocked page with a forged fragment records nothing', async () => {
    browser = await ready();
    const page = await browser.context.newPage();
    await page.goto(
      `chrome-extension://${EXTENSION_ID}/blocked.html#reason=category&category=gambling&url=https://forged-allowed.example/`,
    );
    await browser.visit('https://williamhill.com/');
    await waitFor('the real blocked event', async () => (await rowsFor('williamhill.com')).length > 0);
    expect(await rowsFor('forged-allowed.example')).toEqual([]);
  });

  it('receiver down: events wait on the device and arrive exactly once when it returns', async () => {
    browser = await ready();
    gate.setMode('down');
    await browser.visit('https://paddypower.com/a?pupil=1');
    await browser.visit('https://betfair.com/b');
    const waiting = await waitFor('a failed send', async () => {
      const s = await outboxStatus(browser!.context);
      return s && s.waiting >= 2 && s.lastError !== null && s;
    });
    expect(waiting.lastError).toMatch(/Could not reach the endpoint/);
    expect(waiting.nextAttemptAt).not.toBeNull();
    expect(await rowsFor('paddypower.com')).toEqual([]);
    // The status page shows the queue.
    const statusPage = await browser.context.newPage();
    await statusPage.goto(`chrome-extension://${EXTENSION_ID}/options.html`);
    await expect.poll(() => statusPage.locator('#outbox-waiting').textContent()).toMatch(/^[2-9]/);
    expect(await statusPage.locator('#outbox-last-error').textContent()).toMatch(/Could not reach/);
    gate.setMode('pass');
    // The retry alarm (backoff with jitter) fires on its own.
    // Two failures in a row: the next try is 30–60 s away.
    await waitFor('delivery after the receiver returns', async () => (await outboxStatus(browser!.context))?.waiting === 0, 100_000);
    expect(await rowsFor('paddypower.com')).toHaveLength(1);
    expect(await rowsFor('betfair.com')).toHaveLength(1);
  }, 180_000);

  it('service worker stopped mid-send: the batch is resent and stored once', async () => {
    browser = await ready();
    gate.setMode('hold'); // the endpoint stores the batch, the answer never comes back
    const before = gate.captured.length;
    await browser.visit('https://skybet.com/');
    await waitFor('the batch reaching the endpoint', async () => (await rowsFor('skybet.com')).length === 1);
    expect(gate.captured.length).toBeGreaterThan(before);
    // Stop the worker the way chrome://serviceworker-internals does.
    const internals = await browser.context.newPage();
    await internals.goto('chrome://serviceworker-internals/');
    await internals.getByText('Stop', { exact: true }).first().click();
    await expect
      .poll(() => internals.evaluate(() => document.body.innerText.includes('Running Status: STOPPED')), { timeout: 10_000 })
      .toBe(true);
    gate.setMode('pass');
    // The alarm armed before the send wakes a new worker, which resends; the endpoint de-duplicates.
    const resend = await waitFor(
      'a resend of the skybet event',
      async () => gate.captured.filter((c) => c.body.includes('skybet.com')).length >= 2,
      80_000,
    );
    expect(resend).toBe(true);
    await waitFor('outbox empty', async () => (await outboxStatus(browser!.context))?.waiting === 0, 30_000);
    expect(await rowsFor('skybet.com')).toHaveLength(1);
  }, 150_000);

  it('browser restarted with events waiting: they are sent at start-up', async () => {
    const profile = mkdtempSync(join(tmpdir(), 'safeguard-e2e-events-'));
    try {
      browser = await ready(profile);
      gate.setMode('down');
      await browser.visit('https://ladbrokes.com/');
      await waitFor('a queued event', async () => {
        const s = await outboxStatus(browser!.context);
        return s && s.waiting >= 1 && s.lastError !== null;
      });
      await browser.close();
      browser = undefined;
      gate.setMode('pass');
      browser = await ready(profile);
      await waitFor('delivery after restart', async () => (await rowsFor('ladbrokes.com')).length === 1, 80_000);
    } finally {
      await browser?.close();
      browser = undefined;
      rmSync(profile, { recursive: true, force: true });
    }
  }, 150_000);

  it('a forged or replayed POST is rejected by the endpoint', async () => {
    const real = gate.captured.find((c) => c.body.includes('bet365.com'));
    expect(real).toBeDefined();
    const headers = {
      'content-type': 'application/json',
      authorization: String(real!.headers.authorization),
      [SIGNATURE_HEADER]: String(real!.headers[SIGNATURE_HEADER.toLowerCase()]),
    };
    const direct = `http://127.0.0.1:${endpointPort}/events`;
    const replayed = await fetch(direct, { method: 'POST', headers, body: real!.body });
    expect(replayed.status).toBe(409);
    const forgedBody = real!.body.replace('bet365.com', 'innocent.example');
    const forged = await fetch(direct, { method: 'POST', headers, body: forgedBody });
    expect(forged.status).toBe(401);
    const guessedKey = await fetch(direct, {
      method: 'POST',
      headers: { ...headers, [SIGNATURE_HEADER]: await signatureHeaderValue('guess', forgedBody, Date.now() / 1000, 'abcdefgh12') },
      body: forgedBody,
    });
    expect(guessedKey.status).toBe(401);
    expect(await rowsFor('innocent.example')).toEqual([]);
  });

  it('a refused policy sends one policy-error event; a plain-HTTP endpoint that is not loopback gets nothing', async () => {
    browser = await ready();
    const before = (await db.query('select id from events where type = $1', ['policy-error'])).length;
    writePolicy({ ...policyWithEndpoint(`http://127.0.0.1:${gate.port}/events`), keyStage: 'KS9' });
    await browser.reloadPolicy();
    await browser.waitForStatus((s) => s.source === 'last-good');
    await waitFor(
      'the policy-error event',
      async () => (await db.query('select id from events where type = $1', ['policy-error'])).length === before + 1,
    );
    await browser.reloadPolicy();
    await new Promise((r) => setTimeout(r, 2000));
    expect(await db.query('select id from events where type = $1', ['policy-error'])).toHaveLength(before + 1);

    writePolicy(policyWithEndpoint('http://dsl.school.test/events'));
    await browser.reloadPolicy();
    await browser.waitForStatus((s) => s.source === 'admin');
    await browser.visit('https://coral.co.uk/');
    const status = await waitFor('the refused endpoint on the status', async () => {
      const s = await outboxStatus(browser!.context);
      return s?.endpoint === 'invalid' && s;
    });
    expect(status.lastError).toMatch(/https:\/\//);
    expect(pages.requestsTo('dsl.school.test')).toEqual([]);
    writePolicy(policyWithEndpoint(`http://127.0.0.1:${gate.port}/events`));
    await browser.reloadPolicy();
    // Back on a good endpoint, the waiting event goes out.
    await waitFor('the coral.co.uk event after the fix', async () => (await rowsFor('coral.co.uk')).length === 1, 30_000);
  }, 120_000);
});
