import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { EVENT_CATEGORIES } from '../../../src/core/alert-categories';
import { EVENT_TYPES_V2 } from '../../../src/core/events/schema-v2';
import { audit, recentAudit } from '../audit';
import { peopleDirectory } from '../concerns/record';
import { eventsCsv } from '../events/export';
import { filteringStatistics, listEvents } from '../events/query';
import { SEVERITIES } from '../labels';
import { auditPage, reportsPage, settingsPage, unlockCodePage } from '../pages/admin';
import { eventsPage, filteringPage } from '../pages/filtering';
import { periodSchema, periodStart, weekSummary } from '../reports/periods';
import { saveSettings, workspaceSettingsSchema, type WorkspaceSettings } from '../settings';
import { addDays, DAY_PATTERN, londonDay, londonTime } from '../time';
import { currentUnlockCodes } from '../unlock-codes';
import { accountOf, pageAuth, pageContext, sendPage, type AppContext } from '../web/context';

export const eventsFilter = z.object({
  type: z.union([z.literal(''), z.enum(EVENT_TYPES_V2)]).optional(),
  from: z.union([z.literal(''), z.string().regex(DAY_PATTERN)]).optional(),
  to: z.union([z.literal(''), z.string().regex(DAY_PATTERN)]).optional(),
});

/** Filtering statistics, the event log and its CSV, reports, the unlock code, settings and the audit log. */
export async function registerOversightPages(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const hide = { hide: true };

  r.get(
    '/filtering',
    {
      schema: { ...hide, querystring: z.object({ period: periodSchema }) },
      preHandler: pageAuth(ctx, 'filtering'),
    },
    async (request, reply) => {
      const now = ctx.now();
      const stats = await filteringStatistics(ctx.db, accountOf(request), periodStart(request.query.period, now), now);
      return sendPage(reply, filteringPage(pageContext(request, reply), stats, request.query.period));
    },
  );

  const eventQuery = (filter: z.infer<typeof eventsFilter>) => ({
    ...(filter.type ? { types: [filter.type] } : {}),
    ...(filter.from ? { since: londonTime(filter.from) } : {}),
    ...(filter.to ? { until: londonTime(addDays(filter.to, 1)) } : {}),
  });
  r.get('/event-log', { schema: { ...hide, querystring: eventsFilter }, preHandler: pageAuth(ctx, 'events') }, async (request, reply) => {
    const events = await listEvents(ctx.db, accountOf(request), { ...eventQuery(request.query), limit: 500 });
    const filter = { type: request.query.type || undefined, from: request.query.from || undefined, to: request.query.to || undefined };
    return sendPage(reply, eventsPage(pageContext(request, reply), events, filter));
  });
  r.get(
    '/event-log.csv',
    { schema: { ...hide, querystring: eventsFilter }, preHandler: pageAuth(ctx, 'events') },
    async (request, reply) => {
      const account = accountOf(request);
      const csv = await eventsCsv(ctx.db, account, eventQuery(request.query));
      await audit(ctx.db, { actor: account.name, action: 'events-exported' }, ctx.now());
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="safeguard-events-${londonDay(ctx.now())}.csv"`)
        .send(csv);
    },
  );

  r.get(
    '/reports',
    {
      schema: { ...hide, querystring: z.object({ week: z.string().regex(DAY_PATTERN).optional() }) },
      preHandler: pageAuth(ctx, 'reports'),
    },
    async (request, reply) => {
      const now = ctx.now();
      const { monday, summary } = await weekSummary(ctx, accountOf(request), request.query.week);
      const next = addDays(monday, 7) <= londonDay(now) ? addDays(monday, 7) : null;
      return sendPage(reply, reportsPage(pageContext(request, reply), summary, monday, addDays(monday, -7), next));
    },
  );

  r.get('/unlock-code', { schema: hide, preHandler: pageAuth(ctx, 'unlock-code') }, async (request, reply) => {
    const codes = await currentUnlockCodes(ctx.db, accountOf(request), ctx.config.unlockSecrets, ctx.now());
    return sendPage(reply, unlockCodePage(pageContext(request, reply), codes, Object.keys(ctx.config.unlockSecrets).length > 0));
  });

  r.get('/settings', { schema: hide, preHandler: pageAuth(ctx, 'settings') }, async (request, reply) =>
    sendPage(reply, settingsPage(pageContext(request, reply), await ctx.settings(), {})),
  );
  const count = z.coerce.number().int();
  const settingsForm = z.object({
    _csrf: z.string().optional(),
    repeatThreshold: count,
    repeatWindowMinutes: count,
    groupWindowMinutes: count,
    silentAfterHours: count,
    'due-high': count,
    'due-medium': count,
    'due-low': count,
    ...Object.fromEntries(EVENT_CATEGORIES.map((c) => [`sev-${c}`, z.enum(SEVERITIES)])),
  });
  r.post(
    '/settings',
    { schema: { ...hide, body: settingsForm }, preHandler: [pageAuth(ctx, 'settings'), app.csrfProtection] },
    async (request, reply) => {
      const form = request.body as Record<string, unknown>;
      const candidate = {
        categorySeverity: Object.fromEntries(EVENT_CATEGORIES.map((c) => [c, form[`sev-${c}`]])),
        repeatThreshold: form.repeatThreshold,
        repeatWindowMinutes: form.repeatWindowMinutes,
        groupWindowMinutes: form.groupWindowMinutes,
        silentAfterHours: form.silentAfterHours,
        dueDays: { high: form['due-high'], medium: form['due-medium'], low: form['due-low'] },
      };
      const parsed = workspaceSettingsSchema.safeParse(candidate);
      if (!parsed.success) {
        const current = { ...(await ctx.settings()) } as WorkspaceSettings;
        return sendPage(
          reply,
          settingsPage(pageContext(request, reply), current, {
            error: `Not saved: ${parsed.error.issues.map((i) => `${i.path.join(' ')} ${i.message}`).join('; ')}`,
          }),
          400,
        );
      }
      const account = accountOf(request);
      await saveSettings(ctx.db, parsed.data, account.name, ctx.now());
      await audit(ctx.db, { actor: account.name, action: 'settings-changed' }, ctx.now());
      ctx.settingsChanged();
      return sendPage(
        reply,
        settingsPage(pageContext(request, reply), parsed.data, { notice: 'Settings saved. They apply to events from now on.' }),
      );
    },
  );

  r.get('/audit', { schema: hide, preHandler: pageAuth(ctx, 'audit') }, async (request, reply) => {
    const account = accountOf(request);
    const rows = await recentAudit(ctx.db, account);
    const { displayName } = await peopleDirectory(ctx.db);
    return sendPage(reply, auditPage(pageContext(request, reply), rows, displayName));
  });
}
