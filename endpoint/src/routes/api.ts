import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { EVENT_TYPES_V2, type EventTypeV2 } from '../../../src/core/events/schema-v2';
import { concernRecord, peopleDirectory } from '../concerns/record';
import { changeConcern, ConcernChangeError, CONCERN_FILTERS, concernCounts, listConcerns, needsAction } from '../concerns/store';
import { listEvents, wireShape } from '../events/query';
import { CONCERN_KINDS, CONCERN_STATUSES, OUTCOMES, SEVERITIES } from '../labels';
import { can } from '../people/permissions';
import { DAY_PATTERN } from '../time';
import { accountOf, apiAuth, type AppContext } from '../web/context';
import { registerAdminApi } from './api-admin';
import { registerDeviceApi } from './api-devices';
import { concernJson, errorJson, eventJson, toConcernJson } from './api-schemas';

/** Per API token: enough for any integration, not for a runaway loop. */
export const API_RATE_LIMIT = {
  max: 600,
  timeWindow: 60_000,
  keyGenerator: (request: { headers: { authorization?: string } }) => `api:${request.headers.authorization ?? ''}`,
};

const idParams = z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) });
const HEARTBEAT_AND_HEALTH: readonly EventTypeV2[] = ['heartbeat', 'policy-error'];

/**
 * `/api/…`: everything the pages show, as JSON, with `Authorization: Bearer <token>`. Documented at
 * `/api/openapi.json`, generated from these route schemas.
 */
export async function registerApiRoutes(api: FastifyInstance, ctx: AppContext): Promise<void> {
  api.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 20 * 1024 * 1024 }, (_request, body, done) => done(null, body));
  const r = api.withTypeProvider<ZodTypeProvider>();
  const config = { rateLimit: API_RATE_LIMIT };

  r.get('/openapi.json', { schema: { hide: true } }, async () => api.swagger());

  r.get(
    '/concerns',
    {
      config,
      preHandler: apiAuth(ctx, 'concerns'),
      schema: {
        summary: 'Concerns: open ones highest severity first, then oldest first',
        tags: ['concerns'],
        querystring: z.object({
          status: z.enum(CONCERN_FILTERS).default('open').describe('`open` is new and in progress.'),
          severity: z.enum(SEVERITIES).optional(),
          kind: z.enum(CONCERN_KINDS).optional(),
          device: z
            .string()
            .regex(/^[0-9a-f]{32}$/)
            .optional(),
          assignee: z.string().max(64).optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: { 200: z.object({ concerns: z.array(concernJson), total: z.int() }), 401: errorJson, 403: errorJson },
      },
    },
    async (request) => {
      const { concerns, total } = await listConcerns(ctx.db, accountOf(request), request.query);
      const now = ctx.now();
      return { concerns: concerns.map((c) => toConcernJson(c, now)), total };
    },
  );

  r.get(
    '/needs-action',
    {
      config,
      preHandler: apiAuth(ctx, 'concerns'),
      schema: {
        summary: 'Needs action today (the home page)',
        tags: ['concerns'],
        response: {
          200: z.object({
            concerns: z.array(concernJson),
            total: z.int(),
            counts: z.object({ open: z.int(), openLow: z.int(), overdue: z.int(), closedThisWeek: z.int() }),
          }),
        },
      },
    },
    async (request) => {
      const account = accountOf(request);
      const now = ctx.now();
      await ctx.checkSilentDevices();
      const { concerns, total } = await needsAction(ctx.db, account, now);
      return { concerns: concerns.map((c) => toConcernJson(c, now)), total, counts: await concernCounts(ctx.db, account, now) };
    },
  );

  r.get(
    '/concerns/:id',
    {
      config,
      preHandler: apiAuth(ctx, 'concerns'),
      schema: {
        summary: 'One concern with its events, notes, links and history',
        tags: ['concerns'],
        params: idParams,
        response: {
          200: z.object({
            concern: concernJson,
            events: z.array(eventJson),
            notes: z.array(z.object({ at: z.string(), author: z.string(), authorName: z.string(), body: z.string() })),
            links: z.array(concernJson),
            history: z.array(
              z.object({
                at: z.string(),
                actor: z.string(),
                action: z.string(),
                oldValue: z.string().nullable(),
                newValue: z.string().nullable(),
                target: z.string().nullable(),
              }),
            ),
          }),
          404: errorJson,
        },
      },
    },
    async (request, reply) => {
      const record = await concernRecord(ctx.db, accountOf(request), request.params.id);
      if (!record) return reply.code(404).send({ error: 'not-found', message: 'No such concern.' });
      const { displayName } = await peopleDirectory(ctx.db);
      const now = ctx.now();
      return {
        concern: toConcernJson(record.concern, now),
        events: record.events.map(wireShape),
        notes: record.notes.map((n) => ({
          at: new Date(n.at).toISOString(),
          author: n.author,
          authorName: displayName(n.author),
          body: n.body,
        })),
        links: record.links.map((c) => toConcernJson(c, now)),
        history: record.history.map((h) => ({
          at: new Date(h.at).toISOString(),
          actor: h.actor,
          action: h.action,
          oldValue: h.old_value,
          newValue: h.new_value,
          target: h.target,
        })),
      };
    },
  );

  r.patch(
    '/concerns/:id',
    {
      config,
      preHandler: apiAuth(ctx, 'concerns'),
      schema: {
        summary: 'Work a concern: status, assignee, due date, outcomes, a note, links',
        tags: ['concerns'],
        params: idParams,
        body: z
          .object({
            status: z.enum(CONCERN_STATUSES).optional(),
            assignee: z.string().max(64).nullable().optional(),
            dueOn: z.string().regex(DAY_PATTERN).nullable().optional(),
            outcomes: z
              .array(z.enum(OUTCOMES))
              .max(OUTCOMES.length)
              .optional()
              .describe('Replaces the outcomes; closing needs at least one.'),
            note: z.string().min(1).max(10_000).optional(),
            link: z.int().min(1).optional(),
            unlink: z.int().min(1).optional(),
          })
          .strict(),
        response: { 200: z.object({ concern: concernJson, changed: z.array(z.string()) }), 400: errorJson, 404: errorJson },
      },
    },
    async (request, reply) => {
      const account = accountOf(request);
      const { assignee, dueOn, ...rest } = request.body;
      try {
        const changed = await ctx.db.transaction((tx) =>
          changeConcern(
            tx,
            account,
            request.params.id,
            { ...rest, ...(assignee !== undefined ? { assignee } : {}), ...(dueOn !== undefined ? { dueOn } : {}) },
            ctx.now(),
          ),
        );
        const record = await concernRecord(ctx.db, account, request.params.id);
        if (!record) return reply.code(404).send({ error: 'not-found', message: 'No such concern.' });
        return { concern: toConcernJson(record.concern, ctx.now()), changed };
      } catch (error) {
        if (error instanceof ConcernChangeError) {
          return reply.code(error.message === 'No such concern.' ? 404 : 400).send({ error: 'not-changed', message: error.message });
        }
        throw error;
      }
    },
  );

  r.get(
    '/events',
    {
      config,
      preHandler: apiAuth(ctx),
      schema: {
        summary: 'Stored events as received, newest first',
        description: 'IT accounts may ask only for `type=heartbeat` and `type=policy-error` (device health).',
        tags: ['events'],
        querystring: z.object({
          type: z
            .string()
            .max(300)
            .optional()
            .transform((v, check) => {
              const types = (v ?? '')
                .split(',')
                .map((t) => t.trim())
                .filter(Boolean);
              for (const t of types)
                if (!(EVENT_TYPES_V2 as readonly string[]).includes(t)) check.addIssue({ code: 'custom', message: `unknown type ${t}` });
              return types as EventTypeV2[];
            })
            .describe('One type or several, separated by commas.'),
          since: z.iso.datetime({ offset: true }).optional().describe('Received at or after.'),
          until: z.iso.datetime({ offset: true }).optional().describe('Received before.'),
          device: z
            .string()
            .regex(/^[0-9a-f]{32}$/)
            .optional(),
          limit: z.coerce.number().int().min(1).max(5000).default(500),
        }),
        response: { 200: z.object({ events: z.array(eventJson) }), 403: errorJson },
      },
    },
    async (request, reply) => {
      const account = accountOf(request);
      const { type, since, until, device, limit } = request.query;
      if (!can(account, 'events') && (type.length === 0 || type.some((t) => !HEARTBEAT_AND_HEALTH.includes(t)))) {
        return reply.code(403).send({ error: 'forbidden', message: 'IT accounts may list only type=heartbeat and type=policy-error.' });
      }
      const events = await listEvents(ctx.db, account, {
        ...(type.length ? { types: type } : {}),
        ...(since ? { since: new Date(since) } : {}),
        ...(until ? { until: new Date(until) } : {}),
        ...(device ? { device } : {}),
        limit,
      });
      return { events: events.map((e) => ({ ...wireShape(e), url: can(account, 'concerns') ? e.url : null })) };
    },
  );

  await registerDeviceApi(api, ctx);
  await registerAdminApi(api, ctx);
}
