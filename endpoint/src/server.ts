import type { Server } from 'node:http';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyError, type FastifyHttpsOptions, type FastifyInstance } from 'fastify';
import type { Server as HttpsServer } from 'node:https';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { groupStoredEvents } from './concerns/backfill';
import type { Database } from './db';
import { pruneNonces } from './ingest/replay';
import type { Notifier } from './notify';
import { ensureEnvironmentToken, ensureFirstDsl, pruneSessions } from './people/accounts';
import { randomToken } from './people/secrets';
import { messagePage } from './pages/layout';
import { registerApiRoutes } from './routes/api';
import { registerAuthPages } from './routes/auth-pages';
import { registerConcernPages } from './routes/concern-pages';
import { registerDevicePages } from './routes/device-pages';
import { registerOversightPages } from './routes/oversight-pages';
import { registerPeoplePages } from './routes/people-pages';
import { registerWireRoutes } from './routes/wire';
import { storedSecret } from './settings';
import { createContext, type ResolvedConfig } from './web/context';

export interface EndpointConfig {
  /** Version 1: the bearer token devices send (`endpoint.token`); also the enrolment token unless one is given. */
  token?: string;
  /** Version 1 HMAC key (`endpoint.signingKey`); defaults to the token. */
  signingKey?: string;
  /** Version 2: authorises registering a device key (`endpoint.enrolmentToken`); defaults to the token. */
  enrolmentToken?: string;
  /** Accept version 1 requests (default true; `ACCEPT_V1=false` turns them off). */
  acceptV1?: boolean;
  /** The school's pseudonym key (`endpoint.pseudonymKey`), for the device import; defaults to the signing key. */
  pseudonymKey?: string;
  /** Per-school pseudonym keys in a trust, by school ID. */
  pseudonymKeys?: Record<string, string>;
  /** Base32 unlock-code secret (the policy's `unlockCodeSecret`), and per-school ones in a trust. */
  unlockSecret?: string;
  unlockSecrets?: Record<string, string>;
  dslUser: string;
  dslPassword?: string;
  /** Gives the first DSL this API token (DSL_API_TOKEN). */
  dslApiToken?: string;
  /** Mark cookies Secure even on plain HTTP (set when a TLS proxy is in front). */
  secureCookies: boolean;
  /** Fastify's `trustProxy`: `true`, or the proxy addresses (comma-separated, CIDR), so client addresses come from X-Forwarded-For. */
  trustProxy?: boolean | string;
  tls?: { key: string; cert: string };
  /** The workspace's address, for links in alerts. */
  publicUrl?: string;
  /** Login attempts allowed per 15 minutes (tests lower them). */
  loginLimits?: Partial<ResolvedConfig['login']>;
  /** The clock (tests inject one). */
  now?: () => Date;
}

export interface EndpointServer {
  app: FastifyInstance;
  server: Server;
  /** Resolves when notifications started so far have been sent (tests, shutdown). */
  settled(): Promise<void>;
  /** Set only on first run without DSL_PASSWORD: shown once on the console. */
  generatedPassword: string | null;
  /** Runs the "device silent" check now (the timer runs it every ten minutes). */
  checkSilentDevices(): Promise<void>;
  close(): Promise<void>;
}

function resolveConfig(config: EndpointConfig): ResolvedConfig {
  const acceptV1 = config.acceptV1 ?? true;
  const token = config.token ?? null;
  if (acceptV1 && !token) throw new Error('Version 1 is accepted but no token is set (ENDPOINT_TOKEN).');
  const enrolmentToken = config.enrolmentToken ?? token;
  const defaultPseudonymKey = config.pseudonymKey ?? config.signingKey ?? token;
  return {
    v1: acceptV1 && token ? { token, signingKey: config.signingKey ?? token } : null,
    enrolmentToken,
    pseudonymKeys: { ...(defaultPseudonymKey ? { '*': defaultPseudonymKey } : {}), ...config.pseudonymKeys },
    unlockSecrets: { ...(config.unlockSecret ? { '*': config.unlockSecret } : {}), ...config.unlockSecrets },
    secureCookies: config.secureCookies || config.tls !== undefined,
    publicUrl: config.publicUrl ?? null,
    login: { perClient: 10, perAccount: 100, perAddress: 300, windowMs: 15 * 60_000, ...config.loginLimits },
  };
}

const STYLESHEET = readFileSync(resolve(import.meta.dirname, '../static/workspace.css'), 'utf8');
const TEN_MINUTES = 10 * 60_000;

/**
 * The reference endpoint on Fastify: device routes (`/events`, `/events/register`), the DSL's workspace pages and
 * the JSON API under `/api/`, with cookies, CSRF protection, rate limits, helmet's headers and an OpenAPI
 * document generated from the route schemas. Events stored before the upgrade are grouped into concerns first.
 */
export async function createEndpointServer(db: Database, config: EndpointConfig, notifier: Notifier): Promise<EndpointServer> {
  const resolved = resolveConfig(config);
  const now = config.now ?? (() => new Date());
  const ctx = createContext(db, resolved, notifier, now);
  const generatedPassword = await ensureFirstDsl(db, config.dslUser, config.dslPassword);
  if (config.dslApiToken) await ensureEnvironmentToken(db, config.dslUser, config.dslApiToken, now());
  await groupStoredEvents(db, await ctx.settings(), now());

  const options = { logger: false, trustProxy: config.trustProxy ?? false, bodyLimit: 1024 * 1024 };
  // HTTPS directly when given a certificate (else behind the school's TLS proxy); the routes are the same.
  const app = (config.tls
    ? Fastify({ ...options, https: config.tls } satisfies FastifyHttpsOptions<HttpsServer>)
    : Fastify(options)) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('account', null);

  await app.register(fastifyCookie, { secret: await storedSecret(db, 'cookie-secret', () => randomToken(48)) });
  await app.register(fastifyFormbody);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    },
    hsts: resolved.secureCookies ? { maxAge: 31_536_000 } : false,
    referrerPolicy: { policy: 'no-referrer' },
  });
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieOpts: { path: '/', sameSite: 'strict', httpOnly: true, signed: true, secure: resolved.secureCookies || 'auto' },
    getToken: (request) => (request.body as { _csrf?: unknown } | undefined)?._csrf as string | undefined,
  });
  await app.register(fastifyRateLimit, { global: false, cache: 50_000 });
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'School Safeguard endpoint API',
        description:
          'The DSL workspace as JSON, for the pages’ own tests and a school’s MIS or CPOMS integration. Authenticate with `Authorization: Bearer <API token>` (made on “Your account”).',
        version: '2.0.0',
      },
      components: { securitySchemes: { token: { type: 'http', scheme: 'bearer' } } },
      security: [{ token: [] }],
    },
    transform: jsonSchemaTransform,
  });

  app.addHook('onSend', async (request, reply) => {
    if (!request.url.startsWith('/static/')) reply.header('cache-control', 'no-store');
  });
  app.get('/static/workspace.css', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(STYLESHEET),
  );
  app.get('/health', { schema: { hide: true } }, async () => ({ ok: true, database: db.kind }));

  setErrorHandling(app);
  await registerWireRoutes(app, ctx);
  await registerAuthPages(app, ctx);
  await registerConcernPages(app, ctx);
  await registerDevicePages(app, ctx);
  await registerPeoplePages(app, ctx);
  await registerOversightPages(app, ctx);
  await app.register(async (api) => registerApiRoutes(api, ctx), { prefix: '/api' });
  await app.ready();

  const timers = [
    setInterval(
      () => void ctx.checkSilentDevices(true).catch((error: unknown) => console.error('Device silent check failed:', error)),
      TEN_MINUTES,
    ),
    setInterval(() => {
      void Promise.all([pruneNonces(db, now()), pruneSessions(db, now())]).catch(() => undefined);
    }, 60_000),
  ];
  for (const timer of timers) timer.unref();
  app.server.once('close', () => {
    for (const timer of timers) clearInterval(timer);
    notifier.stop();
  });

  return {
    app,
    server: app.server as Server,
    generatedPassword,
    settled: () => notifier.settled(),
    checkSilentDevices: () => ctx.checkSilentDevices(true),
    async close() {
      await app.close();
    },
  };
}

const wantsJson = (url: string) => url.startsWith('/api/') || url.startsWith('/events');

/** Every bad input gets a clear 4xx: JSON for devices and the API, a page for people. Only real faults are 500. */
function setErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    let status = error.statusCode ?? 500;
    let message = error.message;
    let problems: string[] | undefined;
    if (hasZodFastifySchemaValidationErrors(error)) {
      status = 400;
      problems = error.validation.map(
        (v) => `${v.instancePath.replace(/^\//, '').replaceAll('/', '.') || '(request)'}: ${v.message ?? 'invalid'}`,
      );
      message = 'The request does not match what this address expects.';
    } else if (error.code?.startsWith('FST_CSRF')) {
      status = 403;
      message = 'The form is out of date or was not sent by this site. Reload the page and try again.';
    } else if (status >= 500 && /^22/.test(String((error as { code?: unknown }).code ?? ''))) {
      // A PostgreSQL "data exception": input the checks let through but the database cannot store.
      status = 400;
      message = 'A value is out of range.';
    }
    if (status >= 500) {
      console.error(error);
      message = wantsJson(request.url)
        ? 'Internal error; nothing was stored, send it again.'
        : 'Something went wrong on the server. Try again.';
    }
    if (wantsJson(request.url)) {
      return reply
        .code(status)
        .send({ error: status === 400 ? 'invalid-request' : (error.code ?? 'error'), message, ...(problems ? { problems } : {}) });
    }
    const title =
      status === 403 ? 'Not allowed' : status === 404 ? 'Not found' : status === 429 ? 'Too many tries' : 'Something went wrong';
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .send(
        messagePage(
          // A signed-in person still gets the navigation and a working "Log out".
          { account: request.account, csrf: request.account ? reply.generateCsrf() : '', path: request.url },
          title,
          problems ? `${message} ${problems.join('; ')}` : message,
        ),
      );
  });
  app.setNotFoundHandler((request, reply) => {
    if (wantsJson(request.url)) return reply.code(404).send({ error: 'not-found', message: 'No such address.' });
    return reply
      .code(404)
      .type('text/html; charset=utf-8')
      .send(messagePage({ account: request.account, csrf: '', path: request.url }, 'Not found', 'There is nothing at this address.'));
  });
}
