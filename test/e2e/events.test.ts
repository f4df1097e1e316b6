import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceSignatureHeaderValue, generateDeviceKeyPair } from '../../src/core/events/device-signing';
import { policyFingerprint } from '../../src/core/events/heartbeat';
import type { OutboxStatus } from '../../src/core/events/outbox-status';
import { KEY_ID_HEADER, type WireEventV2 } from '../../src/core/events/schema-v2';
import { SIGNATURE_HEADER } from '../../src/core/events/signing';
import { createV2Receiver, type V2Receiver } from '../fixtures/v2-receiver';
import { launchBrowser, removePolicy, startTestServer, writePolicy, EXTENSION_ID, type LaunchedBrowser, type TestServer } from './harness';

/**
 * Breach events end to end in wire format v2: the real extension in Chromium registers its own P-256 key
 * with a v2 receiver (test/fixtures/v2-receiver.ts, which checks every signature) and sends signed batches.
 * One browser (one profile) for the whole file, so registration happens once; nothing waits out a real
 * backoff: the tests bring the real retry and heartbeat alarms forward, and send blocked events still held
 * for repeats through the worker's test hook.
 */

/** The extension's own globals inside its service worker (evaluated there, not in Node). */
declare const chrome: {
  storage: { local: { get(key: string): Promise<Record<string, unknown>> } };
  alarms: {
    get(name: string): Promise<{ scheduledTime: number; periodInMinutes?: number } | undefined>;
    create(name: string, info: { when: number; periodInMinutes?: number }): Promise<void>;
  };
  tabs: { query(q: unknown): Promise<{ id: number }[]> };
  runtime: { getManifest(): { version: string } };
};
type WorkerGlobals = {
  safeguardEvents: { sendHeld(): Promise<unknown>; heartbeat(): Promise<void> };
  safeguardReportListeners: { onMenuClicked(info: { menuItemId: string }, tab?: { id?: number }): void };
};

const TOKEN = 'e2e-enrolment-token';
const RETRY_ALARM = 'event-outbox-retry';
const HEARTBEAT_ALARM = 'events-heartbeat';
const POLICY = {
  keyStage: 'KS2',
  schoolId: 'URN-E2E',
  endpoint: { url: '', enrolmentToken: TOKEN, pseudonymKey: 'e2e-school-key' },
};

let receiver: V2Receiver;
let listening: Awaited<ReturnType<V2Receiver['listen']>>;
let pages: TestServer;
let browser: LaunchedBrowser;
let profile: string;
const policy = () => ({ ...POLICY, endpoint: { ...POLICY.endpoint, url: listening.url } });

/**
 * The harness maps every host to its page server, and Chromium applies that to IP literals too:
 * exclude 127.0.0.1 so the receiver on loopback is reached directly.
 */
async function launch(): Promise<LaunchedBrowser> {
  const launched = await launchBrowser({
    server: pages,
    userDataDir: profile,
    extraArgs: [`--host-resolver-rules=MAP * 127.0.0.1:${pages.port}, EXCLUDE 127.0.0.1`],
  });
  await launched.waitForStatus((s) => s.source === 'admin' && s.schoolId === 'URN-E2E');
  return launched;
}

beforeAll(async () => {
  receiver = createV2Receiver({ enrolmentToken: TOKEN });
  listening = await receiver.listen();
  pages = await startTestServer();
  profile = mkdtempSync(join(tmpdir(), 'safeguard-e2e-events-'));
  writePolicy(policy());
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  rmSync(profile, { recursive: true, force: true });
  removePolicy();
  await listening.close();
  await pages.close();
});

const worker = () => browser.currentWorker();

async function outboxStatus(): Promise<OutboxStatus> {
  return worker().evaluate(async () => (await chrome.storage.local.get('outboxStatus')).outboxStatus as OutboxStatus, null);
}

/** Fires a real alarm now (an unpacked extension's alarms may be a second away): the extension's own listener runs. */
async function fireAlarm(name: string): Promise<void> {
  await worker().evaluate(async (alarm) => {
    const current = await chrome.alarms.get(alarm);
    await chrome.alarms.create(alarm, {
      when: Date.now() + 1000,
      ...(current?.periodInMinutes ? { periodInMinutes: current.periodInMinutes } : {}),
    });
  }, name);
}

/** Milliseconds until the alarm fires, as Chrome holds it. */
async function alarmDelay(name: string): Promise<number | null> {
  return worker().evaluate(async (alarm) => {
    const found = await chrome.alarms.get(alarm);
    return found ? found.scheduledTime - Date.now() : null;
  }, name);
}

const sendHeld = () =>
  worker().evaluate(async () => void (await (globalThis as unknown as WorkerGlobals).safeguardEvents.sendHeld()), null);
/** A heartbeat now, as the daily alarm records one (the down test fires the real alarm once). */
const heartbeatNow = () => worker().evaluate(() => (globalThis as unknown as WorkerGlobals).safeguardEvents.heartbeat(), null);

const eventsOf = (predicate: (e: WireEventV2) => boolean) => receiver.events().filter((s) => predicate(s.event));
const heartbeats = () => eventsOf((e) => e.type === 'heartbeat');
const currentKeyId = async () => (await outboxStatus()).device?.keyId ?? null;

async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  timeoutMs = 15_000,
) {
  let value: T | null | undefined | false = null;
  await expect.poll(async () => (value = await probe()), { timeout: timeoutMs, interval: 100, message: what }).toBeTruthy();
  return value as T;
}

describe('breach events in wire format v2', () => {
  it('registers its own key once at install, and sends a heartbeat of what is in force, signed with that key', async () => {
    // A fresh install may first say so while Chrome holds the admin policy back; the next says what came into force.
    const beat = await until('the heartbeat of the admin policy in force', () =>
      heartbeats().find((b) => b.event.detail.source === 'admin'),
    );
    const status = await browser.status();
    expect(beat!.event).toMatchObject({
      type: 'heartbeat',
      schoolId: 'URN-E2E',
      keyStage: 'KS2',
      host: null,
      category: null,
      url: null,
      detail: {
        version: await worker().evaluate(() => chrome.runtime.getManifest().version, null),
        policy: (await policyFingerprint(policy())).slice(0, 8),
        rules: status!.ruleCount,
        inForce: true,
        source: 'admin',
      },
    });
    const [key] = receiver.keys();
    expect(receiver.keys()).toHaveLength(1);
    expect(key).toMatchObject({ status: 'active', registrations: 1, device: beat!.event.device });
    const registration = receiver.requests.find((r) => r.path === '/events/register')!;
    expect(registration.headers.authorization).toBe(`Bearer ${TOKEN}`);
    const batch = receiver.requests.find((r) => r.path === '/events' && r.status === 200)!;
    expect(batch.headers[KEY_ID_HEADER.toLowerCase()]).toBe(key!.keyId);
    expect(batch.headers.authorization).toBeUndefined();
    expect(await until('the status page key', currentKeyId)).toBe(key!.keyId);
    // And one a day from now on.
    expect(await worker().evaluate((name) => chrome.alarms.get(name).then((a) => a?.periodInMinutes), HEARTBEAT_ALARM)).toBe(24 * 60);
    // Not even the extension can read its private key out of IndexedDB.
    const exported = await worker().evaluate(async () => {
      const db = await new Promise<IDBDatabase>((done) => {
        const open = indexedDB.open('safeguard');
        open.onsuccess = () => done(open.result);
      });
      const stored = await new Promise<{ keyPair: CryptoKeyPair }>((done) => {
        const get = db.transaction('deviceKeys').objectStore('deviceKeys').get('device');
        get.onsuccess = () => done(get.result as { keyPair: CryptoKeyPair });
      });
      db.close();
      const attempt = await crypto.subtle.exportKey('jwk', stored.keyPair.privateKey).then(
        () => 'exported',
        (error: Error) => error.name,
      );
      return { extractable: stored.keyPair.privateKey.extractable, attempt };
    }, null);
    expect(exported).toEqual({ extractable: false, attempt: 'InvalidAccessError' });
  });

  it('a blocked visit is held briefly for repeats, then arrives with the host only; the page never reached the network', async () => {
    const { finalUrl, page } = await browser.visit('https://bet365.com/secret-path?name=x');
    expect(finalUrl).toContain(`chrome-extension://${EXTENSION_ID}/blocked.html`);
    // Held: the retry alarm wakes the worker when the hold is over (30 s after the visit).
    await until('the alarm for the held event', async () => ((await alarmDelay(RETRY_ALARM)) ?? 0) > 20_000);
    expect(await alarmDelay(RETRY_ALARM)).toBeLessThanOrEqual(30_000);
    expect(eventsOf((e) => e.host === 'bet365.com')).toEqual([]);
    await sendHeld();
    const [stored] = await until(
      'the blocked event',
      () => eventsOf((e) => e.host === 'bet365.com').length > 0 && eventsOf((e) => e.host === 'bet365.com'),
    );
    expect(stored!.event).toMatchObject({ type: 'blocked', category: 'gambling', count: 1, url: null, term: null, severity: null });
    expect(pages.requestsTo('bet365.com')).toEqual([]);
    await page.close();
  });

  it('forty blocks of one host in one tab fold into one event with a count of 40; a report meanwhile goes at once', async () => {
    const looping = await browser.context.newPage();
    const reportedPage = (await browser.visit('https://homework-help.example/thread/123?q=secret')).page;
    for (let i = 0; i < 40; i++) {
      await looping.goto(`https://williamhill.com/loop/${i}?pupil=x`, { waitUntil: 'commit' }).catch(() => undefined);
      if (i === 20) {
        await worker().evaluate(async () => {
          const [tab] = await chrome.tabs.query({ url: 'https://homework-help.example/*' });
          (globalThis as unknown as WorkerGlobals).safeguardReportListeners.onMenuClicked({ menuItemId: 'report-page' }, { id: tab!.id });
        }, null);
      }
    }
    const [report] = await until(
      'the report, sent at once',
      () => eventsOf((e) => e.type === 'reported').length > 0 && eventsOf((e) => e.type === 'reported'),
    );
    expect(report!.event).toMatchObject({ host: 'homework-help.example', url: null });
    // All forty are recorded (the last blocked page committed); none has gone out yet.
    await until('forty blocks waiting', async () => {
      const waiting = await worker().evaluate(async () => {
        const db = await new Promise<IDBDatabase>((done) => {
          const open = indexedDB.open('safeguard');
          open.onsuccess = () => done(open.result);
        });
        const all = await new Promise<{ event: { host: string; count: number } }[]>((done) => {
          const get = db.transaction('outbox').objectStore('outbox').getAll();
          get.onsuccess = () => done(get.result as { event: { host: string; count: number } }[]);
        });
        db.close();
        return all.filter((r) => r.event.host === 'williamhill.com').map((r) => r.event.count);
      }, null);
      return waiting.length === 1 && waiting[0] === 40;
    });
    expect(eventsOf((e) => e.host === 'williamhill.com')).toEqual([]);
    await sendHeld();
    const folded = await until(
      'the folded event',
      () => eventsOf((e) => e.host === 'williamhill.com').length > 0 && eventsOf((e) => e.host === 'williamhill.com'),
    );
    expect(folded).toHaveLength(1);
    expect(folded[0]!.event).toMatchObject({ type: 'blocked', category: 'gambling', count: 40, lastOccurredAt: expect.any(String) });
    expect(pages.requestsTo('williamhill.com')).toEqual([]);
    await Promise.all([looping.close(), reportedPage.close()]);
  });

  it('receiver down: events wait (the status page says so), the real retry alarm backs off further, and they arrive once when it is back', async () => {
    receiver.setMode('down');
    const before = heartbeats().length;
    await fireAlarm(HEARTBEAT_ALARM);
    const failed = await until('a failed send', async () => {
      const s = await outboxStatus();
      return s.waiting >= 1 && s.failures === 1 && s;
    });
    expect(failed.lastError).toMatch(/Could not reach the endpoint/);
    // First failure: 15–30 s away, as the status page says.
    const first = (await alarmDelay(RETRY_ALARM))!;
    expect(first).toBeGreaterThan(10_000);
    expect(first).toBeLessThanOrEqual(30_000);
    expect(Math.abs(Date.parse(failed.nextAttemptAt!) - (Date.now() + first))).toBeLessThan(3_000);
    const statusPage = await browser.context.newPage();
    await statusPage.goto(`chrome-extension://${EXTENSION_ID}/options.html`);
    await expect.poll(() => statusPage.locator('#outbox-waiting').textContent()).toMatch(/^[1-9]/);
    expect(await statusPage.locator('#outbox-last-error').textContent()).toMatch(/Could not reach/);
    expect(await statusPage.locator('#device-registration').textContent()).toMatch(/^Registered/);
    expect(await statusPage.locator('#device-key').textContent()).toBe(`${(await currentKeyId())!.slice(0, 12)}…`);
    // The alarm fires, still down: the next try is further off (30–60 s).
    await fireAlarm(RETRY_ALARM);
    await until('a second failure', async () => (await outboxStatus()).failures === 2);
    expect(await alarmDelay(RETRY_ALARM)).toBeGreaterThan(25_000);
    receiver.setMode('up');
    await fireAlarm(RETRY_ALARM);
    await until('delivery after the receiver returns', async () => (await outboxStatus()).waiting === 0);
    expect(heartbeats()).toHaveLength(before + 1);
    expect((await outboxStatus()).failures).toBe(0);
    await statusPage.close();
  });

  it('unknown-device: the endpoint lost the key, so the device registers the same key again and resends', async () => {
    const keyId = (await currentKeyId())!;
    receiver.forget(keyId);
    const before = heartbeats().length;
    await heartbeatNow();
    await until('the heartbeat after re-registering', () => heartbeats().length === before + 1);
    expect(receiver.keys()).toEqual([expect.objectContaining({ keyId, status: 'active', registrations: 1 })]);
    expect(receiver.requests.slice(-3).map((r) => `${r.path} ${r.status}`)).toEqual(['/events 401', '/events/register 201', '/events 200']);
    await until('the refusal on the status page', async () => (await outboxStatus()).device?.lastRefusal === 'unknown-device');
    expect((await outboxStatus()).device).toMatchObject({ keyId, registration: 'active' });
  });

  it('revoked: the device makes a new key and registers it, which waits for approval; its events are held back', async () => {
    const old = (await currentKeyId())!;
    receiver.revoke(old);
    const before = heartbeats().length;
    await heartbeatNow();
    const [beat] = await until('the heartbeat under the new key', () => heartbeats().length === before + 1 && heartbeats().slice(-1));
    const fresh = await until('the new key on the status page', async () => (await currentKeyId()) !== old && currentKeyId());
    expect(beat).toMatchObject({ keyId: fresh, heldBack: true });
    expect(receiver.keys().map((k) => [k.keyId, k.status])).toEqual([
      [old, 'revoked'],
      [fresh, 'pending'],
    ]);
    const statusPage = await browser.context.newPage();
    await statusPage.goto(`chrome-extension://${EXTENSION_ID}/options.html`);
    await expect.poll(() => statusPage.locator('#device-registration').textContent()).toMatch(/^Waiting for approval/);
    expect(await statusPage.locator('#device-last-refusal').textContent()).toMatch(/revoked this device's key.*\(device-revoked/);
    await statusPage.close();
  });

  it('a forged batch (signed with another key, altered, or replayed) is refused', async () => {
    const keyId = (await currentKeyId())!;
    const real = receiver.requests
      .filter((r) => r.path === '/events' && r.headers[KEY_ID_HEADER.toLowerCase()] === keyId && r.status === 202)
      .at(-1)!;
    const post = (headers: Record<string, string>, body: string) =>
      fetch(listening.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const replayed = await post({ [KEY_ID_HEADER]: keyId, [SIGNATURE_HEADER]: real.headers[SIGNATURE_HEADER.toLowerCase()]! }, real.body);
    expect(replayed.status).toBe(409);
    const forgedBody = real.body.replace('"heartbeat"', '"reported"');
    const altered = await post({ [KEY_ID_HEADER]: keyId, [SIGNATURE_HEADER]: real.headers[SIGNATURE_HEADER.toLowerCase()]! }, forgedBody);
    expect(altered.status).toBe(401);
    const other = await generateDeviceKeyPair();
    const otherKey = await post(
      {
        [KEY_ID_HEADER]: keyId,
        [SIGNATURE_HEADER]: await deviceSignatureHeaderValue(other.privateKey, forgedBody, Date.now() / 1000, 'forged-nonce-0123'),
      },
      forgedBody,
    );
    expect(otherKey.status).toBe(401);
    expect(await otherKey.json()).toEqual({ error: 'bad-signature' });
    expect(eventsOf((e) => e.type === 'reported')).toHaveLength(1);
  });

  it('a refused policy sends one policy-error event, not one per re-read', async () => {
    writePolicy({ ...policy(), keyStage: 'KS9' });
    await browser.reloadPolicy();
    await browser.waitForStatus((s) => s.source === 'last-good');
    await until('the policy-error event', () => eventsOf((e) => e.type === 'policy-error').length === 1);
    // The same broken policy read again (the periodic re-check) is not news.
    const refreshed = (await browser.status())!.refreshedAt;
    await fireAlarm('policy-recheck');
    await browser.waitForStatus((s) => s.refreshedAt !== refreshed);
    // Anything the second read recorded would go out before this heartbeat.
    const before = heartbeats().length;
    await heartbeatNow();
    await until('a later heartbeat', () => heartbeats().length === before + 1);
    expect(eventsOf((e) => e.type === 'policy-error')).toHaveLength(1);
    writePolicy(policy());
    await browser.reloadPolicy();
    await browser.waitForStatus((s) => s.source === 'admin');
  });

  it('service worker stopped mid-send: the alarm armed before the send wakes a new worker, which resends; stored once', async () => {
    receiver.setMode('hold'); // the receiver stores the batch, and the answer never comes back
    const before = heartbeats().length;
    void heartbeatNow();
    const [held] = await until('the batch reaching the receiver', () => heartbeats().length === before + 1 && heartbeats().slice(-1));
    // The alarm the sender armed before sending, brought forward (Chrome holds it, not the worker).
    expect(await alarmDelay(RETRY_ALARM)).toBeGreaterThan(10_000);
    await worker().evaluate((name) => chrome.alarms.create(name, { when: Date.now() + 4_000 }), RETRY_ALARM);
    const internals = await browser.context.newPage();
    await internals.goto('chrome://serviceworker-internals/');
    await internals.getByText('Stop', { exact: true }).first().click();
    await expect
      .poll(() => internals.evaluate(() => document.body.innerText.includes('Running Status: STOPPED')), { timeout: 4_000 })
      .toBe(true);
    receiver.setMode('up');
    const sends = () => receiver.requests.filter((r) => r.body.includes(held!.event.id)).length;
    await until('a resend of the held batch', () => sends() >= 2);
    await until('outbox empty', async () => (await outboxStatus()).waiting === 0);
    expect(heartbeats().filter((s) => s.event.id === held!.event.id)).toHaveLength(1);
    await internals.close();
  });

  it('browser restarted with an event waiting: the same key sends it at start-up, with a start-up heartbeat', async () => {
    receiver.setMode('down');
    await heartbeatNow();
    await until('a queued heartbeat', async () => (await outboxStatus()).waiting >= 1);
    const keyId = await currentKeyId();
    await browser.close();
    receiver.setMode('up');
    const before = heartbeats().length;
    browser = await launch();
    await until('the waiting and the start-up heartbeats', () => heartbeats().length >= before + 2, 20_000);
    expect(await currentKeyId()).toBe(keyId);
    expect(receiver.keys().filter((k) => k.keyId === keyId)).toEqual([expect.objectContaining({ registrations: 1 })]);
  });

  it('nothing this file sent held a path, a query or a page address', () => {
    const bodies = receiver.requests.map((r) => r.body).join('\n');
    expect(bodies).not.toMatch(/secret-path|name=x|pupil=x|loop\/|q=secret|thread\/123/);
    expect(receiver.events().every((s) => s.event.url === null && s.event.term === null)).toBe(true);
  });
});
