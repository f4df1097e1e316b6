import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audit } from '../audit';
import { checkPassword, endSession, getAccount, SESSION_HOURS, sessionAccount, startSession } from '../people/accounts';
import { randomToken } from '../people/secrets';
import { loginPage } from '../pages/people';
import { KNOWN_BROWSER_COOKIE, pageAuth, pageContext, sendPage, SESSION_COOKIE, type AppContext } from '../web/context';

declare module 'fastify' {
  interface FastifyRequest {
    /** Which login allowance the attempt being counted uses. */
    loginLimitKey: string;
  }
}

const loginForm = z.object({ _csrf: z.string().optional(), user: z.string().trim().max(64), password: z.string().max(200) });

/**
 * Logging in and out. Attempts are limited before any password is checked (so 60 at once check at most the
 * limit, never more), keyed sensibly: a browser that logged in before has its own allowance that strangers
 * cannot use up; others are limited per account and client address (the real client behind a trusted proxy),
 * per account across addresses, and per address across accounts. Nobody can lock the DSL out of their own browser.
 */
export async function registerAuthPages(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const { login } = ctx.config;
  app.decorateRequest('loginLimitKey', '');
  const limiter = (max: number) =>
    app.createRateLimit({ max, timeWindow: login.windowMs, keyGenerator: (request) => request.loginLimitKey });
  const perClient = limiter(login.perClient);
  const perAccount = limiter(login.perAccount);
  const perAddress = limiter(login.perAddress);
  const cookie = (request: FastifyRequest, reply: FastifyReply, name: string, value: string, maxAge: number, signed = false) =>
    reply.setCookie(name, value, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: ctx.config.secureCookies || request.protocol === 'https' || request.headers['x-forwarded-proto'] === 'https',
      maxAge,
      signed,
    });

  /** The user name this browser logged in as before, from its signed cookie. */
  const knownBrowser = (request: FastifyRequest): { user: string; id: string } | null => {
    const raw = request.cookies[KNOWN_BROWSER_COOKIE];
    const unsigned = raw ? request.unsignCookie(raw) : null;
    const [user, id] = unsigned?.valid && unsigned.value ? unsigned.value.split('\n') : [];
    return user && id ? { user, id } : null;
  };

  /** Counts this attempt against every limit that applies; true when one is used up. */
  async function overLimit(request: FastifyRequest, user: string): Promise<boolean> {
    const known = knownBrowser(request);
    const exists = (await getAccount(ctx.db, user)) !== null;
    const account = exists ? user.toLowerCase() : '(unknown)';
    const count = async (limit: typeof perClient, key: string) => {
      request.loginLimitKey = key;
      const result = await limit(request);
      return 'isExceeded' in result && result.isExceeded;
    };
    if (known && known.user === user) return count(perClient, `known:${known.id}`);
    // Each attempt counts against all three (in turn: the key generator reads the request).
    const results = [
      await count(perClient, `client:${account}:${request.ip}`),
      await count(perAccount, `account:${account}`),
      await count(perAddress, `address:${request.ip}`),
    ];
    return results.includes(true);
  }

  app.get('/login', { schema: { hide: true } }, async (request, reply) => {
    if (await sessionAccount(ctx.db, request.cookies[SESSION_COOKIE], ctx.now())) return reply.code(303).header('location', '/').send();
    return sendPage(reply, loginPage(pageContext(request, reply)));
  });

  app
    .withTypeProvider<ZodTypeProvider>()
    .post('/login', { schema: { hide: true, body: loginForm }, preHandler: app.csrfProtection }, async (request, reply) => {
      const { user, password } = request.body;
      if (await overLimit(request, user)) {
        return sendPage(
          reply,
          loginPage(pageContext(request, reply), 'Too many tries. Wait 15 minutes, or log in from a browser you have used here before.'),
          429,
        );
      }
      const account = await checkPassword(ctx.db, user, password);
      if (!account) return sendPage(reply, loginPage(pageContext(request, reply), 'Wrong user name or password.'), 401);
      const at = ctx.now();
      cookie(request, reply, SESSION_COOKIE, await startSession(ctx.db, account.name, at), SESSION_HOURS * 3600);
      cookie(request, reply, KNOWN_BROWSER_COOKIE, `${account.name}\n${randomToken(16)}`, 400 * 86_400, true);
      await audit(ctx.db, { actor: account.name, action: 'log-in' }, at);
      return reply.code(303).header('location', '/').send();
    });

  app.post('/logout', { schema: { hide: true }, preHandler: [pageAuth(ctx), app.csrfProtection] }, async (request, reply) => {
    await endSession(ctx.db, request.cookies[SESSION_COOKIE]);
    if (request.account) await audit(ctx.db, { actor: request.account.name, action: 'log-out' }, ctx.now());
    cookie(request, reply, SESSION_COOKIE, '', 0);
    return reply.code(303).header('location', '/login').send();
  });
}
