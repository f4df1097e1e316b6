import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listDevices } from '../devices/register';
import { DeviceActionError, decideKey, deviceRecord, importDeviceList, revoke } from '../devices/service';
import { silentBefore } from '../devices/silent';
import { devicePage, devicesPage, type DeviceShow } from '../pages/devices';
import { messagePage } from '../pages/layout';
import { accountOf, pageAuth, pageContext, sendPage, type AppContext } from '../web/context';

export const PSEUDONYM = z.string().regex(/^[0-9a-f]{32}$/);
export const KEY_ID = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
const MAX_CSV_BYTES = 20 * 1024 * 1024;
const devicesQuery = z.object({
  show: z.enum(['all', 'silent', 'never', 'pending']).default('all'),
  q: z.string().max(100).default(''),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});

/** The device register, one device's page (its chronology for DSL roles), the Admin console import and key decisions. */
export async function registerDevicePages(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const hide = { hide: true };

  const showDevices = async (
    request: FastifyRequest,
    reply: FastifyReply,
    query: z.infer<typeof devicesQuery>,
    result: { notice?: string; error?: string; skipped?: { line: number; reason: string }[] } = {},
  ) => {
    const account = accountOf(request);
    const settings = await ctx.settings();
    const before = silentBefore(settings, ctx.now());
    const { devices, total } = await listDevices(ctx.db, account, {
      show: query.show as DeviceShow,
      silentBefore: before,
      search: query.q,
      offset: query.offset,
    });
    const view = {
      devices,
      total,
      show: query.show,
      search: query.q,
      silentAfterHours: settings.silentAfterHours,
      silentBefore: before,
      schools: account.schoolIds,
      ...result,
    };
    return sendPage(reply, devicesPage(pageContext(request, reply), view), result.error ? 400 : 200);
  };

  r.get('/devices', { schema: { ...hide, querystring: devicesQuery }, preHandler: pageAuth(ctx, 'devices') }, async (request, reply) => {
    await ctx.checkSilentDevices();
    return showDevices(request, reply, request.query);
  });

  // The upload form: multipart, in its own scope so no other route accepts file uploads.
  await app.register(async (upload) => {
    await upload.register(fastifyMultipart, { attachFieldsToBody: 'keyValues', limits: { fileSize: MAX_CSV_BYTES, files: 1, fields: 5 } });
    upload.withTypeProvider<ZodTypeProvider>().post(
      '/devices/import',
      {
        schema: {
          ...hide,
          body: z.object({ _csrf: z.string().optional(), schoolId: z.string().max(64).optional(), file: z.instanceof(Buffer) }),
        },
        preHandler: [pageAuth(ctx, 'devices'), upload.csrfProtection],
      },
      async (request, reply) => {
        const query = { show: 'all' as const, q: '', offset: 0 };
        try {
          const result = await importDeviceList(ctx, accountOf(request), request.body.file.toString('utf8'), request.body.schoolId);
          const notice = `Imported ${result.added + result.updated} device(s): ${result.added} new, ${result.updated} updated.`;
          return showDevices(request, reply, query, { notice, skipped: result.skipped });
        } catch (error) {
          if (error instanceof DeviceActionError) return showDevices(request, reply, query, { error: error.message });
          throw error;
        }
      },
    );
  });

  r.get(
    '/devices/:pseudonym',
    {
      schema: {
        ...hide,
        params: z.object({ pseudonym: PSEUDONYM }),
        querystring: z.object({ before: z.iso.datetime().optional(), done: z.string().max(100).optional() }),
      },
      preHandler: pageAuth(ctx, 'devices'),
    },
    async (request, reply) => {
      const record = await deviceRecord(ctx, accountOf(request), request.params.pseudonym, request.query.before);
      if (!record)
        return sendPage(reply, messagePage(pageContext(request, reply), 'Not found', 'There is no such device you can see.'), 404);
      const view = {
        ...record,
        silentBefore: silentBefore(await ctx.settings(), ctx.now()),
        ...(request.query.done ? { notice: request.query.done } : {}),
      };
      return sendPage(reply, devicePage(pageContext(request, reply), view, ctx.now()));
    },
  );

  const after = (reply: FastifyReply, pseudonym: string, notice: string) =>
    reply
      .code(303)
      .header('location', `/devices/${pseudonym}?done=${encodeURIComponent(notice)}`)
      .send();
  const failed = (request: FastifyRequest, reply: FastifyReply, error: unknown) => {
    if (!(error instanceof DeviceActionError)) throw error;
    return sendPage(reply, messagePage(pageContext(request, reply), 'Not done', error.message), error.status);
  };

  r.post(
    '/devices/:pseudonym/revoke',
    { schema: { ...hide, params: z.object({ pseudonym: PSEUDONYM }) }, preHandler: [pageAuth(ctx, 'devices'), app.csrfProtection] },
    async (request, reply) => {
      try {
        const n = await revoke(ctx, accountOf(request), request.params.pseudonym);
        return after(reply, request.params.pseudonym, `Revoked (${n} key${n === 1 ? '' : 's'}).`);
      } catch (error) {
        return failed(request, reply, error);
      }
    },
  );

  for (const decision of ['approve', 'reject'] as const) {
    r.post(
      `/device-keys/:keyId/${decision}`,
      { schema: { ...hide, params: z.object({ keyId: KEY_ID }) }, preHandler: [pageAuth(ctx, 'devices'), app.csrfProtection] },
      async (request, reply) => {
        try {
          const key = await decideKey(ctx, accountOf(request), request.params.keyId, decision);
          return after(
            reply,
            key.device,
            decision === 'approve' ? 'New key approved; held events released.' : 'New key rejected; its events discarded.',
          );
        } catch (error) {
          return failed(request, reply, error);
        }
      },
    );
  }
}
