/**
 * Benchmark: the DSL workspace on a school's worth of history. 1 000 000 stored events and 20 000 concerns (2 000
 * of them open) over 2 000 devices, seeded by bulk SQL, on PGlite and on PostgreSQL. Measures, through HTTP with an
 * API token and through the pages with a session, the p50 and p95 of Needs action and of one device's chronology
 * (target: p95 ≤ 150 ms), and the events/s the endpoint accepts on top of that history (signed v1 and v2 batches)
 * against the bare insert statement in the same run. Prints a Markdown section on stdout.
 *   npx tsx test/bench/dsl-workspace.ts [--quick]     (--quick: 100 000 events, 2 000 concerns)
 */
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { openDatabase, type DatabaseOptions } from '../../endpoint/src/db';
import { fromV1, insertEvents } from '../../endpoint/src/ingest/event-rows';
import { createNotifier } from '../../endpoint/src/notify';
import { createEndpointServer } from '../../endpoint/src/server';
import { createSignedDevice } from '../fixtures/signed-device';
import { fmt } from './figures';
import { seedHistory } from './dsl-workspace-seed';
import {
  batchBodies,
  ingestEvents,
  loadDevices,
  INGEST_BATCH,
  INGEST_CONCURRENCY,
  onBothDatabases,
  postConcurrently,
  v1Headers,
} from './ingest-load';

const quick = process.argv.includes('--quick');
const EVENTS = quick ? 100_000 : 1_000_000;
const CONCERNS = quick ? 2_000 : 20_000;
const DEVICES = 2_000;
const SAMPLES = quick ? 60 : 200;
const INGEST_EVENTS = 20_000;
const TOKEN = 'bench-dsl-workspace-token';
const API_TOKEN = 'sgt_bench-dsl-workspace-api-token-0123456789';
const PASSWORD = 'bench workspace password';

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};

async function timed(samples: number, request: (i: number) => Promise<Response>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 5; i++) await (await request(i)).arrayBuffer();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    const res = await request(i);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`GET failed: ${res.status}`);
    times.push(performance.now() - start);
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

interface Figures {
  seedSeconds: number;
  needsApi: { p50: number; p95: number };
  needsPage: { p50: number; p95: number };
  chronoApi: { p50: number; p95: number };
  chronoPage: { p50: number; p95: number };
  v1: number;
  v2: number;
  bare: number;
}

async function measure(options: DatabaseOptions): Promise<Figures> {
  const db = await openDatabase(options);
  const seeded = performance.now();
  await seedHistory(db, EVENTS, CONCERNS, DEVICES);
  const seedSeconds = (performance.now() - seeded) / 1000;
  const endpoint = await createEndpointServer(
    db,
    { token: TOKEN, dslUser: 'dsl', dslPassword: PASSWORD, dslApiToken: API_TOKEN, secureCookies: false },
    createNotifier({}, () => undefined),
  );
  await new Promise<void>((done) => endpoint.server.listen(0, '127.0.0.1', done));
  const base = `http://127.0.0.1:${(endpoint.server.address() as AddressInfo).port}`;
  try {
    const api = (path: string) => fetch(`${base}/api${path}`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
    const cookie = await logIn(base);
    const page = (path: string) => fetch(`${base}${path}`, { headers: { cookie } });
    const needsApi = await timed(SAMPLES, () => api('/needs-action'));
    const needsPage = await timed(SAMPLES, () => page('/'));
    const chronoApi = await timed(SAMPLES, (i) => api(`/devices/${seededDevice(i)}`));
    const chronoPage = await timed(SAMPLES, (i) => page(`/devices/${seededDevice(i)}`));

    const v1 = await postConcurrently(batchBodies(ingestEvents(INGEST_EVENTS, loadDevices('be'))), INGEST_EVENTS, async (body) =>
      fetch(`${base}/events`, { method: 'POST', headers: await v1Headers(TOKEN, body), body }),
    );
    // Version 2: one registered device per client; each signs its own batches.
    const signers = await Promise.all(loadDevices('bd').map((device) => createSignedDevice({ device, schoolId: 'URN-BENCH' })));
    for (const signer of signers) {
      const registered = await signer.register(`${base}/events`, TOKEN);
      if (registered.status !== 201) throw new Error(`register failed: ${registered.status}`);
    }
    const bySigner = new Map(signers.map((s) => [s.pseudonym, s]));
    const v2Events = ingestEvents(INGEST_EVENTS, [...bySigner.keys()]).map((e) => ({
      ...e,
      schemaVersion: 2,
      severity: null,
      term: null,
      url: null,
    }));
    const v2 = await postConcurrently(batchBodies(v2Events), INGEST_EVENTS, async (body) => {
      const signer = bySigner.get(/"device":"([0-9a-f]{32})"/.exec(body)?.[1] ?? '');
      if (!signer) throw new Error('batch from an unknown device');
      return fetch(`${base}/events`, { method: 'POST', headers: await signer.headers(body), body });
    });

    const bareEvents = ingestEvents(INGEST_EVENTS, loadDevices('bf')).map(fromV1);
    const start = performance.now();
    for (let i = 0; i < bareEvents.length; i += INGEST_BATCH) await insertEvents(db, bareEvents.slice(i, i + INGEST_BATCH));
    const bare = INGEST_EVENTS / ((performance.now() - start) / 1000);
    return { seedSeconds, needsApi, needsPage, chronoApi, chronoPage, v1, v2, bare };
  } finally {
    await endpoint.close();
    await db.close();
  }
}

/** The pseudonym of a seeded device, spread over all of them (md5 of "device<n>", as the seed SQL makes it). */
const seededDevice = (i: number): string =>
  createHash('md5')
    .update(`device${(i * 7919) % DEVICES}`)
    .digest('hex');

async function logIn(base: string): Promise<string> {
  const login = await fetch(`${base}/login`);
  const cookies = login.headers.getSetCookie().map((c) => c.split(';')[0]);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await login.text())?.[1] ?? '';
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies.join('; ') },
    body: new URLSearchParams({ _csrf: csrf, user: 'dsl', password: PASSWORD }).toString(),
  });
  const session = res.headers.getSetCookie().find((c) => c.startsWith('sg_session='));
  if (!session) throw new Error(`login failed: ${res.status}`);
  return session.split(';')[0] ?? '';
}

const rows: string[] = [];
const ingestRows: string[] = [];
const verdicts: string[] = [];
async function run(label: string, options: DatabaseOptions) {
  const f = await measure(options);
  const ms = (n: number) => fmt(n, 1);
  console.error(
    `${label}: seeded in ${fmt(f.seedSeconds, 1)} s; needs action p95 ${ms(f.needsApi.p95)} ms (page ${ms(f.needsPage.p95)}), chronology p95 ${ms(f.chronoApi.p95)} ms (page ${ms(f.chronoPage.p95)}); ingest v1 ${fmt(f.v1)}/s, v2 ${fmt(f.v2)}/s, bare ${fmt(f.bare)}/s`,
  );
  rows.push(
    `| ${label} | ${ms(f.needsApi.p50)} / **${ms(f.needsApi.p95)}** | ${ms(f.needsPage.p50)} / **${ms(f.needsPage.p95)}** | ${ms(f.chronoApi.p50)} / **${ms(f.chronoApi.p95)}** | ${ms(f.chronoPage.p50)} / **${ms(f.chronoPage.p95)}** |`,
  );
  ingestRows.push(
    `| ${label} | ${fmt(f.v1)} | ${fmt(f.v2)} | ${fmt(f.bare)} | **${fmt(f.v1 / f.bare, 2)}×** / **${fmt(f.v2 / f.bare, 2)}×** |`,
  );
  const worst = Math.max(f.needsApi.p95, f.needsPage.p95, f.chronoApi.p95, f.chronoPage.p95);
  verdicts.push(`${label}: worst p95 ${ms(worst)} ms (${worst <= 150 ? 'within' : 'over'} the 150 ms target)`);
}

if (!(await onBothDatabases(run))) verdicts.push('PostgreSQL binaries were not found, so the PostgreSQL rows are missing');
console.log(
  [
    '## DSL workspace on a year of history (target: p95 ≤ 150 ms)',
    '',
    `${fmt(EVENTS)} stored events and ${fmt(CONCERNS)} concerns (${fmt(CONCERNS / 10)} open) over ${fmt(DEVICES)} devices, seeded by bulk SQL. Each figure is p50 / p95 in ms of ${SAMPLES} sequential requests on loopback after 5 warm-up requests: Needs action (the home page: every open high and medium concern, 200 shown, with counts) and one device's chronology (its concerns and its latest 200 events), through the JSON API with a token and as the HTML page with a session. ${verdicts.join('; ')}.`,
    '',
    '| Database | Needs action, API | Needs action, page | Chronology, API | Chronology, page |',
    '|---|---:|---:|---:|---:|',
    ...rows,
    '',
    `Ingest on top of that history: ${fmt(INGEST_EVENTS)} new events in batches of ${INGEST_BATCH} from ${INGEST_CONCURRENCY} concurrent clients, one device each (version 1: bearer token and HMAC; version 2: a registered device's P-256 signature), each batch checked, stored, put into concerns (blocked gambling visits: a repeated-attempts concern) and the device register updated, in one transaction. Baseline: the same rows through the insert statement alone, no HTTP, checks or grouping, in the same run. The previous endpoint's rate on an empty database, measured on this machine, is in the section above.`,
    '',
    '| Database | v1 events/s | v2 events/s | Bare insert events/s | Ratio v1 / v2 |',
    '|---|---:|---:|---:|---:|',
    ...ingestRows,
  ].join('\n'),
);
