import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recentAudit } from '../audit';
import { filteringStatistics } from '../events/query';
import { ROLES } from '../labels';
import { PeopleError, addPerson, changePerson, USER_NAME, visiblePeople } from '../people/service';
import { DAY_PATTERN } from '../time';
import { currentUnlockCodes } from '../unlock-codes';
import { accountOf, apiAuth, type AppContext } from '../web/context';
import { API_RATE_LIMIT } from './api';
import { errorJson, personJson, toPersonJson } from './api-schemas';
import { periodSchema, periodStart, weekSummary } from '../reports/periods';

const refused = (reply: FastifyReply, error: unknown) => {
  if (!(error instanceof PeopleError)) throw error;
  return reply.code(error.status).send({ error: 'not-done', message: error.message });
};

/** Statistics, the weekly summary, the unlock code, people and the audit log over the API. */
export async function registerAdminApi(api: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const config = { rateLimit: API_RATE_LIMIT };
  const count = z.int();

  r.get(
    '/statistics',
    {
      config,
      preHandler: apiAuth(ctx, 'filtering'),
      schema: {
        summary: 'Filtering statistics for a period',
        tags: ['filtering'],
        querystring: z.object({ period: periodSchema }),
        response: {
          200: z.object({
            from: z.string(),
            to: z.string(),
            byType: z.array(z.object({ type: z.string(), events: count })),
            routineByCategory: z.array(z.object({ category: z.string().nullable(), events: count, devices: count })),
            byKeyStage: z.array(z.object({ key_stage: z.string(), events: count })),
            topHosts: z.array(z.object({ host: z.string(), category: z.string().nullable(), events: count })),
          }),
        },
      },
    },
    async (request) => {
      const now = ctx.now();
      const from = periodStart(request.query.period, now);
      return { from: from.toISOString(), to: now.toISOString(), ...(await filteringStatistics(ctx.db, accountOf(request), from, now)) };
    },
  );

  r.get(
    '/reports/weekly',
    {
      config,
      preHandler: apiAuth(ctx, 'reports'),
      schema: {
        summary: 'The weekly summary (Monday to Sunday, UK time)',
        tags: ['reports'],
        querystring: z.object({
          week: z.string().regex(DAY_PATTERN).optional().describe('Any day of the week wanted; default the last whole week.'),
        }),
      },
    },
    async (request) => {
      const { summary } = await weekSummary(ctx, accountOf(request), request.query.week);
      return { ...summary, from: summary.from.toISOString(), to: summary.to.toISOString() };
    },
  );

  r.get(
    '/unlock-code',
    {
      config,
      preHandler: apiAuth(ctx, 'unlock-code'),
      schema: {
        summary: 'The current unlock code for each of your schools (each call is audited)',
        tags: ['unlock'],
        response: {
          200: z.object({
            codes: z.array(z.object({ schoolId: z.string().nullable(), code: z.string(), validFrom: z.string(), validUntil: z.string() })),
          }),
        },
      },
    },
    async (request) => {
      const codes = await currentUnlockCodes(ctx.db, accountOf(request), ctx.config.unlockSecrets, ctx.now());
      return { codes: codes.map((c) => ({ ...c, validFrom: c.validFrom.toISOString(), validUntil: c.validUntil.toISOString() })) };
    },
  );

  const people = apiAuth(ctx, 'people');
  const personBody = {
    displayName: z.string().min(1).max(100),
    role: z.enum(ROLES),
    schoolIds: z.array(z.string().max(64)).max(100).nullable().default(null),
  };
  r.get(
    '/people',
    {
      config,
      preHandler: people,
      schema: { summary: 'Accounts you can manage', tags: ['people'], response: { 200: z.object({ people: z.array(personJson) }) } },
    },
    async (request) => ({ people: (await visiblePeople(ctx.db, accountOf(request))).map(toPersonJson) }),
  );
  r.post(
    '/people',
    {
      config,
      preHandler: people,
      schema: {
        summary: 'Add a person; answers their first password once',
        tags: ['people'],
        body: z.object({ name: z.string().regex(USER_NAME), ...personBody }).strict(),
        response: { 201: z.object({ name: z.string(), password: z.string() }), 400: errorJson, 403: errorJson, 409: errorJson },
      },
    },
    async (request, reply) => {
      const { name, displayName, role, schoolIds } = request.body;
      try {
        const password = await addPerson(ctx.db, accountOf(request), { name, displayName, role, schools: schoolIds }, ctx.now());
        return reply.code(201).send({ name, password });
      } catch (error) {
        return refused(reply, error);
      }
    },
  );
  r.patch(
    '/people/:name',
    {
      config,
      preHandler: people,
      schema: {
        summary: "Change a person's name, role, schools, or disable them",
        tags: ['people'],
        params: z.object({ name: z.string().regex(USER_NAME) }),
        body: z.object({ ...personBody, disabled: z.boolean().default(false) }).strict(),
        response: { 200: personJson, 400: errorJson, 404: errorJson },
      },
    },
    async (request, reply) => {
      const { displayName, role, schoolIds, disabled } = request.body;
      try {
        return toPersonJson(
          await changePerson(
            ctx.db,
            accountOf(request),
            request.params.name,
            { displayName, role, schools: schoolIds, disabled },
            ctx.now(),
          ),
        );
      } catch (error) {
        return refused(reply, error);
      }
    },
  );

  r.get(
    '/audit',
    {
      config,
      preHandler: apiAuth(ctx, 'audit'),
      schema: {
        summary: 'Who did what, newest first',
        tags: ['audit'],
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(5000).default(500) }),
        response: {
          200: z.object({
            entries: z.array(
              z.object({
                at: z.string(),
                actor: z.string(),
                action: z.string(),
                concernId: z.int().nullable(),
                target: z.string().nullable(),
                oldValue: z.string().nullable(),
                newValue: z.string().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => ({
      entries: (await recentAudit(ctx.db, accountOf(request), request.query.limit)).map((a) => ({
        at: new Date(a.at).toISOString(),
        actor: a.actor,
        action: a.action,
        concernId: a.concern_id,
        target: a.target,
        oldValue: a.old_value,
        newValue: a.new_value,
      })),
    }),
  );

  r.get(
    '/me',
    {
      config,
      preHandler: apiAuth(ctx),
      schema: { summary: 'The account behind this token', tags: ['people'], response: { 200: personJson } },
    },
    async (request) => toPersonJson(accountOf(request)),
  );
}
