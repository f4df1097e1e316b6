import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../db';
import { raiseSilentDevices } from '../devices/silent';
import type { Notifier } from '../notify';
import { sessionAccount, tokenAccount, type AccountRecord } from '../people/accounts';
import { can, type Permission } from '../people/permissions';
import { loadSettings, type WorkspaceSettings } from '../settings';
import { messagePage, type PageContext } from '../pages/layout';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in person (page routes) or the API token's owner (API routes). */
    account: AccountRecord | null;
  }
}

/** What the endpoint is configured with (environment, see endpoint/README.md), after defaults. */
export interface ResolvedConfig {
  /** Version 1 bearer token; null when version 1 is turned off and no token was given. */
  v1: { token: string; signingKey: string } | null;
  /** Authorises device registrations (version 2). */
  enrolmentToken: string | null;
  /** Secret the pseudonym is made with, per school ID (`*`: every other school). */
  pseudonymKeys: Record<string, string>;
  /** Base32 unlock-code secret per school ID (`*`: every other school). */
  unlockSecrets: Record<string, string>;
  secureCookies: boolean;
  publicUrl: string | null;
  login: { perClient: number; perAccount: number; perAddress: number; windowMs: number };
}

export const SESSION_COOKIE = 'sg_session';
/** A browser that logged in successfully before: its attempts are limited on their own, so strangers cannot lock it out. */
export const KNOWN_BROWSER_COOKIE = 'sg_known';

export interface AppContext {
  db: Database;
  config: ResolvedConfig;
  notifier: Notifier;
  now(): Date;
  settings(): Promise<WorkspaceSettings>;
  settingsChanged(): void;
  /** Raises "device silent" concerns (at most once a minute; on a timer and on page loads). */
  checkSilentDevices(force?: boolean): Promise<void>;
}

export function createContext(db: Database, config: ResolvedConfig, notifier: Notifier, now: () => Date): AppContext {
  let cached: { at: number; value: WorkspaceSettings } | null = null;
  let lastSilentCheck = Number.NEGATIVE_INFINITY;
  let silentCheck: Promise<void> | null = null;
  const ctx: AppContext = {
    db,
    config,
    notifier,
    now,
    async settings() {
      if (cached && Date.now() - cached.at < 30_000) return cached.value;
      cached = { at: Date.now(), value: await loadSettings(db) };
      return cached.value;
    },
    settingsChanged() {
      cached = null;
    },
    async checkSilentDevices(force = false) {
      const at = now();
      if (!force && at.getTime() - lastSilentCheck < 60_000) return silentCheck ?? undefined;
      lastSilentCheck = at.getTime();
      silentCheck = (async () => notifier.concernActivity(await raiseSilentDevices(db, await ctx.settings(), at)))().finally(() => {
        silentCheck = null;
      });
      return silentCheck;
    },
  };
  return ctx;
}

export const secretFor = (table: Record<string, string>, schoolId: string | null): string | null =>
  (schoolId !== null ? table[schoolId] : undefined) ?? table['*'] ?? null;

/** Page routes: the session's account, else to the login page; a role without `permission` gets 403. */
export function pageAuth(ctx: AppContext, permission?: Permission) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const account = await sessionAccount(ctx.db, request.cookies[SESSION_COOKIE], ctx.now());
    if (!account) return reply.code(303).header('location', '/login').send();
    request.account = account;
    if (permission && !can(account, permission)) {
      return reply
        .code(403)
        .type('text/html; charset=utf-8')
        .send(messagePage(pageContext(request, reply), 'Not available to your role', 'Your role cannot see this part of the workspace.'));
    }
  };
}

/** API routes: `Authorization: Bearer <token>` of an enabled account, with the permission the route needs. */
export function apiAuth(ctx: AppContext, permission?: Permission) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const match = /^Bearer ([A-Za-z0-9_\-.~+/=]{1,200})$/.exec(request.headers.authorization ?? '');
    const account = match?.[1] ? await tokenAccount(ctx.db, match[1], ctx.now()) : null;
    if (!account)
      return reply.code(401).send({ error: 'unauthorised', message: 'Send a valid API token as Authorization: Bearer <token>.' });
    request.account = account;
    if (permission && !can(account, permission)) {
      return reply.code(403).send({ error: 'forbidden', message: `The ${account.role} role cannot use this.` });
    }
  };
}

/** The signed-in account of a route behind `pageAuth` or `apiAuth`. */
export function accountOf(request: FastifyRequest): AccountRecord {
  if (!request.account) throw new Error('Route is missing its auth hook.');
  return request.account;
}

export function pageContext(request: FastifyRequest, reply: FastifyReply): PageContext {
  return { account: request.account, csrf: reply.generateCsrf(), path: request.url.split('?')[0] ?? '/' };
}

/** Sends a rendered page. */
export function sendPage(reply: FastifyReply, page: string, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(page);
}
