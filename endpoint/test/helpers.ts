import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { WireEvent } from '../../src/core/events/schema';
import { testWireEvent } from '../../test/fixtures/wire-event';
import { SIGNATURE_HEADER, signatureHeaderValue } from '../../src/core/events/signing';
import { openDatabase, type Database, type DatabaseOptions } from '../src/db';
import { createNotifier, type NotifyConfig } from '../src/notify';
import type { Later } from '../src/notify/alerts';
import { createEndpointServer, type EndpointConfig, type EndpointServer } from '../src/server';

export const TOKEN = 'test-token-0123456789';
export const SIGNING_KEY = 'test-signing-key';
export const PSEUDONYM_KEY = 'test-pseudonym-key';
export const PASSWORD = 'correct horse battery staple';
export const DSL_API_TOKEN = 'sgt_test-dsl-api-token-0123456789abcdef';
export const UNLOCK_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

/** A realistic event as the endpoint tests send it: now, a random id, a blocked visit to bet365.com. */
export const wireEvent = (overrides: Partial<WireEvent> = {}): WireEvent =>
  testWireEvent({
    id: randomUUID(),
    occurredAt: new Date().toISOString(),
    schoolId: 'URN100',
    host: 'bet365.com',
    device: 'ab'.repeat(16),
    ...overrides,
  });

export interface RunningEndpoint {
  url: string;
  db: Database;
  endpoint: EndpointServer;
  /** GET/POST/PATCH against the JSON API with the first DSL's token (or another). */
  api<T = unknown>(
    path: string,
    init?: { method?: string; body?: unknown; token?: string; contentType?: string },
  ): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

export interface StartOptions {
  db?: DatabaseOptions;
  /** An already open database (an upgrade test opens it itself). */
  database?: Database;
  notify?: Partial<NotifyConfig>;
  /** The alerts' clock and timer (folding), when a test moves time itself. */
  notifyClock?: () => number;
  notifyLater?: Later;
  config?: Partial<EndpointConfig>;
}

export async function startEndpoint(options: StartOptions = {}): Promise<RunningEndpoint> {
  const db = options.database ?? (await openDatabase(options.db ?? {}));
  const endpoint = await createEndpointServer(
    db,
    {
      token: TOKEN,
      signingKey: SIGNING_KEY,
      pseudonymKey: PSEUDONYM_KEY,
      unlockSecret: UNLOCK_SECRET,
      dslUser: 'dsl',
      dslPassword: PASSWORD,
      dslApiToken: DSL_API_TOKEN,
      secureCookies: false,
      ...options.config,
    },
    createNotifier({ ...options.notify }, () => undefined, options.notifyClock, options.notifyLater),
  );
  await new Promise<void>((done) => endpoint.server.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(endpoint.server.address() as AddressInfo).port}`;
  return {
    url,
    db,
    endpoint,
    async api(path, init = {}) {
      const res = await fetch(`${url}/api${path}`, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers: {
          authorization: `Bearer ${init.token ?? DSL_API_TOKEN}`,
          ...(init.body !== undefined ? { 'content-type': init.contentType ?? 'application/json' } : {}),
        },
        ...(init.body !== undefined ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : null) as never };
    },
    async close() {
      await endpoint.close();
      await db.close();
    },
  };
}

export async function signedHeaders(
  body: string,
  key = SIGNING_KEY,
  nowSeconds = Date.now() / 1000,
  nonce = randomUUID().replaceAll('-', ''),
) {
  return {
    'Content-Type': 'application/json',
    Authorization: `Bearer ${TOKEN}`,
    [SIGNATURE_HEADER]: await signatureHeaderValue(key, body, nowSeconds, nonce),
  };
}

export async function postEvents(baseUrl: string, events: unknown[]): Promise<Response> {
  const body = JSON.stringify({ events });
  return fetch(`${baseUrl}/events`, { method: 'POST', headers: await signedHeaders(body), body });
}
