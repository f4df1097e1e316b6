import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { WireEvent } from '../../src/core/events/schema';
import { testWireEvent } from '../../test/fixtures/wire-event';
import { SIGNATURE_HEADER, signatureHeaderValue } from '../../src/core/events/signing';
import { openDatabase, type Database, type DatabaseOptions } from '../src/db';
import { createNotifier, type NotifyConfig } from '../src/notify';
import { createEndpointServer, type EndpointServer } from '../src/server';

export const TOKEN = 'test-token';
export const SIGNING_KEY = 'test-signing-key';
export const PASSWORD = 'correct horse battery staple';

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
  close(): Promise<void>;
}

export async function startEndpoint(options: { db?: DatabaseOptions; notify?: Partial<NotifyConfig> } = {}): Promise<RunningEndpoint> {
  const db = await openDatabase(options.db ?? {});
  const endpoint = await createEndpointServer(
    db,
    { token: TOKEN, signingKey: SIGNING_KEY, dslUser: 'dsl', dslPassword: PASSWORD, secureCookies: false },
    createNotifier({ categories: [], ...options.notify }, () => undefined),
  );
  await new Promise<void>((done) => endpoint.server.listen(0, '127.0.0.1', done));
  const port = (endpoint.server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    db,
    endpoint,
    async close() {
      endpoint.server.closeAllConnections();
      await new Promise((done) => endpoint.server.close(done));
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
