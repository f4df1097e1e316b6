import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assignable, concernRecord, peopleDirectory } from '../concerns/record';
import { changeConcern, concernCounts, ConcernChangeError, CONCERN_FILTERS, listConcerns, needsAction } from '../concerns/store';
import { deviceHealth } from '../devices/register';
import { silentBefore } from '../devices/silent';
import { routineBlocksSince } from '../events/query';
import { CONCERN_STATUSES, OUTCOMES, SEVERITIES } from '../labels';
import { concernPage, concernsPage, needsActionPage } from '../pages/concerns';
import { messagePage } from '../pages/layout';
import { can } from '../people/permissions';
import { DAY_PATTERN, londonDay, londonTime } from '../time';
import { accountOf, pageAuth, pageContext, sendPage, type AppContext } from '../web/context';

const idParams = z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) });
/** A form field that may come once (a string) or several times (an array). */
const many = <T extends z.ZodType>(item: T) => z.union([item, z.array(item)]).transform((v) => (Array.isArray(v) ? v : [v]));
const concernForm = z.object({
  _csrf: z.string().optional(),
  status: z.enum(CONCERN_STATUSES).optional(),
  assignee: z.string().max(64).optional(),
  dueOn: z.union([z.literal(''), z.string().regex(DAY_PATTERN)]).optional(),
  outcomes: many(z.enum(OUTCOMES)).optional(),
  note: z.string().max(10_000).optional(),
});
const linkForm = z.object({
  _csrf: z.string().optional(),
  link: z.union([z.literal(''), z.coerce.number().int().min(1).max(2_147_483_647)]).optional(),
  unlink: z.coerce.number().int().min(1).max(2_147_483_647).optional(),
});

const multiSchool = (schoolIds: string[] | null) => schoolIds === null || schoolIds.length > 1;

/** Needs action (home), every concern, and one concern's page with the form to work it. */
export async function registerConcernPages(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const hide = { hide: true };

  r.get('/', { schema: hide, preHandler: pageAuth(ctx) }, async (request, reply) => {
    const account = accountOf(request);
    if (!can(account, 'concerns')) return reply.code(303).header('location', '/filtering').send();
    await ctx.checkSilentDevices();
    const now = ctx.now();
    const settings = await ctx.settings();
    const list = await needsAction(ctx.db, account, now);
    const devices = await deviceHealth(ctx.db, account, silentBefore(settings, now));
    const figures = {
      counts: await concernCounts(ctx.db, account, now),
      routineBlocksToday: await routineBlocksSince(ctx.db, account, londonTime(londonDay(now))),
      silentDevices: devices.silent,
      pendingKeys: devices.pendingKeys,
    };
    return sendPage(
      reply,
      needsActionPage(pageContext(request, reply), list.concerns, list.total, figures, now, multiSchool(account.schoolIds)),
    );
  });

  const listQuery = z.object({
    status: z.enum(CONCERN_FILTERS).default('open'),
    severity: z.union([z.literal(''), z.enum(SEVERITIES)]).optional(),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  });
  r.get('/concerns', { schema: { ...hide, querystring: listQuery }, preHandler: pageAuth(ctx, 'concerns') }, async (request, reply) => {
    const account = accountOf(request);
    const severity = request.query.severity || undefined;
    const limit = 100;
    const { concerns, total } = await listConcerns(ctx.db, account, {
      status: request.query.status,
      severity,
      limit,
      offset: request.query.offset,
    });
    const filter = { status: request.query.status, severity, offset: request.query.offset, limit };
    return sendPage(reply, concernsPage(pageContext(request, reply), concerns, total, filter, ctx.now(), multiSchool(account.schoolIds)));
  });

  const showConcern = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    result: { notice?: string; error?: string } = {},
  ) => {
    const account = accountOf(request);
    const record = await concernRecord(ctx.db, account, id);
    if (!record)
      return sendPage(reply, messagePage(pageContext(request, reply), 'Not found', `There is no concern #${id} you can see.`), 404);
    const people = await peopleDirectory(ctx.db);
    const view = {
      ...record,
      assignees: assignable(people.accounts, record.concern.school_id),
      displayName: people.displayName,
      ...result,
    };
    return sendPage(reply, concernPage(pageContext(request, reply), view, ctx.now()), result.error ? 400 : 200);
  };

  r.get(
    '/concerns/:id',
    {
      schema: { ...hide, params: idParams, querystring: z.object({ saved: z.string().optional() }) },
      preHandler: pageAuth(ctx, 'concerns'),
    },
    async (request, reply) => showConcern(request, reply, request.params.id, request.query.saved ? { notice: 'Saved.' } : {}),
  );

  r.post(
    '/concerns/:id',
    { schema: { ...hide, params: idParams, body: concernForm }, preHandler: [pageAuth(ctx, 'concerns'), app.csrfProtection] },
    async (request, reply) => {
      const form = request.body;
      const change = {
        ...(form.status ? { status: form.status } : {}),
        ...(form.assignee !== undefined ? { assignee: form.assignee || null } : {}),
        ...(form.dueOn !== undefined ? { dueOn: form.dueOn || null } : {}),
        // A submitted form with no box ticked means "no outcome".
        outcomes: form.outcomes ?? [],
        ...(form.note ? { note: form.note } : {}),
      };
      try {
        await ctx.db.transaction((tx) => changeConcern(tx, accountOf(request), request.params.id, change, ctx.now()));
      } catch (error) {
        if (error instanceof ConcernChangeError) return showConcern(request, reply, request.params.id, { error: error.message });
        throw error;
      }
      return reply.code(303).header('location', `/concerns/${request.params.id}?saved=1`).send();
    },
  );

  r.post(
    '/concerns/:id/links',
    { schema: { ...hide, params: idParams, body: linkForm }, preHandler: [pageAuth(ctx, 'concerns'), app.csrfProtection] },
    async (request, reply) => {
      const { link, unlink } = request.body;
      try {
        await ctx.db.transaction((tx) =>
          changeConcern(tx, accountOf(request), request.params.id, { ...(link ? { link } : {}), ...(unlink ? { unlink } : {}) }, ctx.now()),
        );
      } catch (error) {
        if (error instanceof ConcernChangeError) return showConcern(request, reply, request.params.id, { error: error.message });
        throw error;
      }
      return reply.code(303).header('location', `/concerns/${request.params.id}?saved=1`).send();
    },
  );
}
