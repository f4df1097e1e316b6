import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { KEY_ID_HEADER } from '../../../src/core/events/schema-v2';
import { SIGNATURE_HEADER } from '../../../src/core/events/signing';
import { registerKey, type DeviceKey } from '../devices/keys';
import { acceptBatch } from '../ingest/accept';
import { refuse, type Refusal } from '../ingest/refusal';
import { readV1Batch, v1Preflight } from '../ingest/v1';
import { readRegistration, readV2Batch, v2Preflight } from '../ingest/v2';
import type { IncomingEvent } from '../ingest/event-rows';
import { safeEqual } from '../people/secrets';
import type { AppContext } from '../web/context';

/** docs/wire-format-v2.md: bodies up to 2 MiB; larger ones get 413 without being read. */
export const MAX_WIRE_BODY = 2 * 1024 * 1024;

declare module 'fastify' {
  interface FastifyRequest {
    deviceKey: DeviceKey | null;
  }
}

const keyHeader = (request: FastifyRequest) => request.headers[KEY_ID_HEADER.toLowerCase()] as string | undefined;
const signatureHeader = (request: FastifyRequest) => request.headers[SIGNATURE_HEADER.toLowerCase()] as string | undefined;
const send = (reply: FastifyReply, refusal: Refusal) => reply.code(refusal.status).send(refusal.body);
const isJson = (request: FastifyRequest) => /^application\/json\b/i.test(request.headers['content-type'] ?? '');

/**
 * The device side: `POST /events` (version 2 when `X-Safeguard-Key` is sent, else version 1 unless turned off) and
 * `POST /events/register`. Content type and credentials are checked in `onRequest`, before any body is read.
 */
export async function registerWireRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(async (wire) => {
    wire.decorateRequest('deviceKey', null);
    // The raw text, exactly as signed: signatures cover the bytes, not a re-serialised object.
    wire.removeContentTypeParser('application/json');
    wire.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: MAX_WIRE_BODY }, (_request, body, done) =>
      done(null, body),
    );

    const rateLimit = {
      max: 600,
      timeWindow: 60_000,
      keyGenerator: (request: FastifyRequest) => `wire:${keyHeader(request) ?? request.ip}`,
    };

    wire.post(
      '/events',
      {
        bodyLimit: MAX_WIRE_BODY,
        config: { rateLimit },
        schema: { hide: true },
        onRequest: async (request, reply) => {
          if (!isJson(request)) return send(reply, refuse(415, 'Content-Type must be application/json.'));
          const keyId = keyHeader(request);
          if (keyId !== undefined) {
            const key = await v2Preflight(ctx.db, keyId);
            if ('body' in key) return send(reply, key);
            request.deviceKey = key;
            return;
          }
          if (!ctx.config.v1) return send(reply, refuse(401, 'unknown-device'));
          const refused = v1Preflight(ctx.config.v1, request.headers.authorization);
          if (refused) return send(reply, refused);
        },
      },
      async (request, reply) => {
        const body = typeof request.body === 'string' ? request.body : '';
        const at = ctx.now();
        const key = request.deviceKey;
        let read: { events: IncomingEvent[] } | Refusal;
        if (key) read = await readV2Batch(ctx.db, key, body, signatureHeader(request), at);
        else if (ctx.config.v1) read = await readV1Batch(ctx.db, ctx.config.v1, body, signatureHeader(request), at);
        else read = refuse(401, 'unknown-device');
        if ('status' in read) return send(reply, read);
        const heldBack = key?.status === 'pending';
        const result = await acceptBatch(ctx.db, read.events, { keyId: key?.key_id ?? null, heldBack }, await ctx.settings(), at);
        ctx.notifier.concernActivity(result.activity);
        if (heldBack) return reply.code(202).send({ accepted: result.accepted, duplicates: result.duplicates, heldBack: result.heldBack });
        return reply.code(200).send({ accepted: result.accepted, duplicates: result.duplicates });
      },
    );

    // Devices only POST; anything else is told so (the DSL's event list is /event-log).
    wire.get('/events', { schema: { hide: true } }, async (_request, reply) =>
      reply.code(405).header('allow', 'POST').send({ error: 'Use POST.' }),
    );

    wire.post(
      '/events/register',
      {
        bodyLimit: 64 * 1024,
        config: { rateLimit: { ...rateLimit, keyGenerator: (request: FastifyRequest) => `register:${request.ip}` } },
        schema: { hide: true },
        onRequest: async (request, reply) => {
          if (!isJson(request)) return send(reply, refuse(415, 'Content-Type must be application/json.'));
          const match = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
          const token = ctx.config.enrolmentToken;
          if (!match || !token || !safeEqual(match[1] ?? '', token)) return send(reply, refuse(401, 'bad-token'));
        },
      },
      async (request, reply) => {
        const at = ctx.now();
        const read = await readRegistration(
          ctx.db,
          keyHeader(request),
          typeof request.body === 'string' ? request.body : '',
          signatureHeader(request),
          at,
        );
        if ('status' in read) return send(reply, read);
        const settings = await ctx.settings();
        const outcome = await ctx.db.transaction((tx) => registerKey(tx, read.registration, settings, at));
        if (outcome.status === 'revoked') return send(reply, refuse(403, 'device-revoked'));
        const status = !outcome.created ? 200 : outcome.status === 'active' ? 201 : 202;
        return reply.code(status).send({ keyId: read.registration.keyId, status: outcome.status });
      },
    );
  });
}
