import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { wireShape } from '../events/query';
import { listDevices } from '../devices/register';
import { DeviceActionError, decideKey, deviceRecord, importDeviceList, revoke } from '../devices/service';
import { silentBefore } from '../devices/silent';
import { accountOf, apiAuth, type AppContext } from '../web/context';
import { API_RATE_LIMIT } from './api';
import { concernJson, deviceJson, errorJson, eventJson, toConcernJson, toDeviceJson } from './api-schemas';
import { KEY_ID, PSEUDONYM } from './device-pages';

const failed = (reply: FastifyReply, error: unknown) => {
  if (!(error instanceof DeviceActionError)) throw error;
  return reply.code(error.status).send({ error: 'not-done', message: error.message });
};

/** The device register over the API: list, one device (with its chronology for DSL roles), import, keys, revocation. */
export async function registerDeviceApi(api: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const config = { rateLimit: API_RATE_LIMIT };
  const devices = apiAuth(ctx, 'devices');
  const keyJson = z.object({ keyId: z.string(), status: z.string(), registeredAt: z.string(), heldEvents: z.int() });

  r.get(
    '/devices',
    {
      config,
      preHandler: devices,
      schema: {
        summary: 'The device register, least recently seen first',
        tags: ['devices'],
        querystring: z.object({
          show: z.enum(['all', 'silent', 'never', 'pending']).default('all'),
          q: z.string().max(100).optional().describe('Part of an asset ID, serial, location or pseudonym.'),
          limit: z.coerce.number().int().min(1).max(5000).default(500),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: { 200: z.object({ devices: z.array(deviceJson), total: z.int() }) },
      },
    },
    async (request) => {
      const { show, q, limit, offset } = request.query;
      const before = silentBefore(await ctx.settings(), ctx.now());
      const result = await listDevices(ctx.db, accountOf(request), {
        show,
        silentBefore: before,
        ...(q ? { search: q } : {}),
        limit,
        offset,
      });
      return { devices: result.devices.map(toDeviceJson), total: result.total };
    },
  );

  r.get(
    '/devices/:pseudonym',
    {
      config,
      preHandler: devices,
      schema: {
        summary: 'One device: register entry, keys, and for DSL roles its chronology (concerns and events, newest first)',
        tags: ['devices'],
        params: z.object({ pseudonym: PSEUDONYM }),
        querystring: z.object({
          before: z.iso.datetime({ offset: true }).optional().describe('Events that happened before this (paging).'),
        }),
        response: {
          200: z.object({
            device: deviceJson,
            keys: z.array(keyJson),
            chronology: z
              .object({ concerns: z.array(concernJson), events: z.array(eventJson), olderThan: z.string().nullable() })
              .nullable(),
          }),
          404: errorJson,
        },
      },
    },
    async (request, reply) => {
      const record = await deviceRecord(ctx, accountOf(request), request.params.pseudonym, request.query.before);
      if (!record) return reply.code(404).send({ error: 'not-found', message: 'No such device.' });
      const now = ctx.now();
      return {
        device: toDeviceJson(record.device),
        keys: record.keys.map((k) => ({
          keyId: k.key_id,
          status: k.status,
          registeredAt: new Date(k.registered_at).toISOString(),
          heldEvents: k.held,
        })),
        chronology: record.chronology && {
          concerns: record.chronology.concerns.map((c) => toConcernJson(c, now)),
          events: record.chronology.events.map(wireShape),
          olderThan: record.chronology.olderThan?.toISOString() ?? null,
        },
      };
    },
  );

  r.post(
    '/devices/import',
    {
      config,
      preHandler: devices,
      bodyLimit: 20 * 1024 * 1024,
      schema: {
        summary: 'Import the Google Admin console device export (CSV)',
        description: 'Send the CSV as the body with `Content-Type: text/csv`. Pseudonyms are computed here with the school key.',
        tags: ['devices'],
        querystring: z.object({ schoolId: z.string().max(64).optional() }),
        body: z.string().max(20 * 1024 * 1024),
        response: {
          200: z.object({ added: z.int(), updated: z.int(), skipped: z.array(z.object({ line: z.int(), reason: z.string() })) }),
          400: errorJson,
          403: errorJson,
        },
      },
    },
    async (request, reply) => {
      try {
        return await importDeviceList(ctx, accountOf(request), request.body, request.query.schoolId);
      } catch (error) {
        return failed(reply, error);
      }
    },
  );

  r.post(
    '/devices/:pseudonym/revoke',
    {
      config,
      preHandler: devices,
      schema: {
        summary: 'Revoke every key of a device (lost, stolen, leaving)',
        tags: ['devices'],
        params: z.object({ pseudonym: PSEUDONYM }),
        response: { 200: z.object({ revokedKeys: z.int() }), 404: errorJson },
      },
    },
    async (request, reply) => {
      try {
        return { revokedKeys: await revoke(ctx, accountOf(request), request.params.pseudonym) };
      } catch (error) {
        return failed(reply, error);
      }
    },
  );

  for (const decision of ['approve', 'reject'] as const) {
    r.post(
      `/device-keys/:keyId/${decision}`,
      {
        config,
        preHandler: devices,
        schema: {
          summary:
            decision === 'approve'
              ? "Approve a device's pending key (releases its held events)"
              : "Reject a device's pending key (discards its held events)",
          tags: ['devices'],
          params: z.object({ keyId: KEY_ID }),
          response: { 200: z.object({ keyId: z.string(), status: z.enum(['active', 'revoked']) }), 400: errorJson, 404: errorJson },
        },
      },
      async (request, reply) => {
        try {
          await decideKey(ctx, accountOf(request), request.params.keyId, decision);
          return { keyId: request.params.keyId, status: decision === 'approve' ? ('active' as const) : ('revoked' as const) };
        } catch (error) {
          return failed(reply, error);
        }
      },
    );
  }
}
