import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import {
  ensureAccount,
  logIn,
  logOut,
  parseCookies,
  randomToken,
  safeEqual,
  SESSION_COOKIE,
  SESSION_HOURS,
  sessionFor,
  type Session,
} from './auth';
import type { Database } from './db';
import { incidentPage, inboxPage, loginPage } from './html';
import { ingest, pruneSeenSignatures } from './ingest';
import type { Notifier } from './notify';
import {
  cleanFilters,
  EMPTY_INCIDENT,
  exportCsv,
  getEvent,
  getIncident,
  incidentAudit,
  listEvents,
  NATURES,
  saveIncident,
  type IncidentRecord,
} from './store';

export interface EndpointConfig {
  token: string;
  signingKey?: string;
  dslUser: string;
  dslPassword?: string;
  /** Mark cookies Secure even on plain HTTP (set when a TLS proxy is in front). */
  secureCookies: boolean;
  tls?: { key: string; cert: string };
}

export interface EndpointServer {
  server: Server;
  /** Resolves when notifications started so far have been sent (tests, shutdown). */
  settled(): Promise<void>;
  /** Set only on first run without DSL_PASSWORD: shown once on the console. */
  generatedPassword: string | null;
}

const MAX_BODY_BYTES = 2 * 1024 * 1024;
/** Wrong passwords allowed per address in LOGIN_WINDOW_MS before logins from it are refused for a while. */
export const MAX_FAILED_LOGINS = 5;
const LOGIN_WINDOW_MS = 15 * 60_000;
const LOGIN_CSRF_COOKIE = 'sg_login_csrf';

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'Body too large.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const HTML_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function redirect(res: ServerResponse, location: string, cookies: string[] = []): void {
  res.writeHead(303, { location, 'cache-control': 'no-store', ...(cookies.length ? { 'set-cookie': cookies } : {}) });
  res.end();
}

export async function createEndpointServer(db: Database, config: EndpointConfig, notifier: Notifier): Promise<EndpointServer> {
  const generatedPassword = await ensureAccount(db, config.dslUser, config.dslPassword);
  const pending = new Set<Promise<void>>();
  const failedLogins = new Map<string, { count: number; since: number }>();
  let lastPrune = 0;

  const cookie = (req: IncomingMessage, name: string, value: string, maxAgeSeconds: number) => {
    const secure = config.secureCookies || config.tls !== undefined || req.headers['x-forwarded-proto'] === 'https';
    return `${name}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
  };

  async function requireSession(req: IncomingMessage, res: ServerResponse): Promise<(Session & { token: string }) | null> {
    const token = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
    const session = await sessionFor(db, token);
    if (!session || !token) {
      redirect(res, '/login');
      return null;
    }
    return { ...session, token };
  }

  function checkCsrf(form: URLSearchParams, expected: string): void {
    if (!safeEqual(form.get('_csrf') ?? '', expected))
      throw new HttpError(403, 'The form is out of date or was not sent by this site. Reload the page and try again.');
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://endpoint.invalid');
    const path = url.pathname;
    const method = req.method ?? 'GET';

    if (path === '/events') {
      if (method !== 'POST') return json(res, 405, { error: 'Use POST.' });
      const body = await readBody(req);
      const result = await ingest(
        db,
        { token: config.token, ...(config.signingKey ? { signingKey: config.signingKey } : {}) },
        {
          contentType: req.headers['content-type'],
          authorization: req.headers.authorization,
          signature: req.headers['x-safeguard-signature'] as string | undefined,
          body,
        },
      );
      if (result.status === 200 && result.inserted.length > 0) {
        const task = notifier.notifyEvents(result.inserted).finally(() => pending.delete(task));
        pending.add(task);
      }
      if (Date.now() - lastPrune > 60_000) {
        lastPrune = Date.now();
        await pruneSeenSignatures(db);
      }
      return json(res, result.status, result.body);
    }
    if (path === '/health') return json(res, 200, { ok: true, database: db.kind });

    if (path === '/login' && method === 'GET') {
      const csrf = randomToken();
      res.writeHead(200, { ...HTML_HEADERS, 'set-cookie': cookie(req, LOGIN_CSRF_COOKIE, csrf, 3600) });
      return void res.end(loginPage(csrf));
    }
    if (path === '/login' && method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      checkCsrf(form, parseCookies(req.headers.cookie).get(LOGIN_CSRF_COOKIE) ?? '\0missing');
      const address = req.socket.remoteAddress ?? 'unknown';
      const failures = failedLogins.get(address);
      if (failures && Date.now() - failures.since > LOGIN_WINDOW_MS) failedLogins.delete(address);
      if ((failedLogins.get(address)?.count ?? 0) >= MAX_FAILED_LOGINS) {
        throw new HttpError(429, 'Too many wrong passwords from this address. Try again in 15 minutes.');
      }
      const token = await logIn(db, form.get('user') ?? '', form.get('password') ?? '');
      if (!token) {
        const entry = failedLogins.get(address) ?? { count: 0, since: Date.now() };
        failedLogins.set(address, { ...entry, count: entry.count + 1 });
        const csrf = randomToken();
        res.writeHead(401, { ...HTML_HEADERS, 'set-cookie': cookie(req, LOGIN_CSRF_COOKIE, csrf, 3600) });
        return void res.end(loginPage(csrf, 'Wrong user name or password.'));
      }
      return redirect(res, '/', [cookie(req, SESSION_COOKIE, token, SESSION_HOURS * 3600), cookie(req, LOGIN_CSRF_COOKIE, '', 0)]);
    }

    const session = await requireSession(req, res);
    if (!session) return;
    const user = { name: session.user, csrf: session.csrfToken };

    if (path === '/logout' && method === 'POST') {
      checkCsrf(new URLSearchParams(await readBody(req)), session.csrfToken);
      await logOut(db, session.token);
      return redirect(res, '/login', [cookie(req, SESSION_COOKIE, '', 0)]);
    }
    if (path === '/' && method === 'GET') {
      const filters = cleanFilters(url.searchParams);
      res.writeHead(200, HTML_HEADERS);
      return void res.end(inboxPage(await listEvents(db, filters), filters, user));
    }
    if (path === '/export.csv' && method === 'GET') {
      const csv = await exportCsv(db, cleanFilters(url.searchParams));
      res.writeHead(200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="safeguard-events-${new Date().toISOString().slice(0, 10)}.csv"`,
        'cache-control': 'no-store',
      });
      return void res.end(csv);
    }
    const incident = /^\/incidents\/([0-9a-f-]{36})$/i.exec(path);
    if (incident) {
      const event = await getEvent(db, incident[1] ?? '');
      if (!event) throw new HttpError(404, 'No such event.');
      if (method === 'POST') {
        const form = new URLSearchParams(await readBody(req));
        checkCsrf(form, session.csrfToken);
        await saveIncident(db, event.id, incidentFromForm(form), session.user);
        return redirect(res, `/incidents/${event.id}?saved=1`);
      }
      const record = (await getIncident(db, event.id)) ?? EMPTY_INCIDENT;
      res.writeHead(200, HTML_HEADERS);
      return void res.end(incidentPage(event, record, await incidentAudit(db, event.id), user, url.searchParams.get('saved') === '1'));
    }
    throw new HttpError(404, 'Not found.');
  }

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      if (status === 500) console.error(error);
      if (res.headersSent) return void res.end();
      json(res, status, { error: error instanceof HttpError ? error.message : 'Internal error; the event was not stored, send it again.' });
    });
  };
  const server = config.tls ? createHttpsServer(config.tls, listener) : createServer(listener);
  return {
    server,
    generatedPassword,
    async settled() {
      await Promise.allSettled([...pending]);
    },
  };
}

function incidentFromForm(form: URLSearchParams): IncidentRecord {
  const nature = form.get('nature');
  const text = (name: string) => (form.get(name) ?? '').slice(0, 4000);
  return {
    nature: (NATURES as readonly string[]).includes(nature ?? '') ? (nature as IncidentRecord['nature']) : 'not-recorded',
    action_taken: text('action_taken'),
    escalated_iwf: form.get('escalated_iwf') === 'yes',
    escalated_ceop: form.get('escalated_ceop') === 'yes',
    escalated_police: form.get('escalated_police') === 'yes',
    parents_informed: form.get('parents_informed') === 'yes',
    notes: text('notes'),
  };
}
