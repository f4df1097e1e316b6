import { eventBatchSchema } from '../../../src/core/events/schema';
import { SIGNATURE_TOLERANCE_SECONDS, verifySignature } from '../../../src/core/events/signing';
import type { Queryable } from '../db';
import { safeEqual } from '../people/secrets';
import { fromV1, type IncomingEvent } from './event-rows';
import { MAX_EVENT_COUNT, parseJson, problemsOf, refuse, timestampInRange, type Refusal } from './refusal';
import { claimNonce } from './replay';

/** Wire format version 1: one bearer token and HMAC key shared by every device of the school (README). */
export interface V1Config {
  token: string;
  /** Defaults to the token, as in the extension. */
  signingKey?: string;
}

/** Checked before the body is read: a wrong token never gets its 2 MiB read. */
export function v1Preflight(config: V1Config, authorization: string | undefined): Refusal | null {
  const match = /^Bearer (.+)$/.exec(authorization ?? '');
  if (!match || config.token === '' || !safeEqual(match[1] ?? '', config.token)) return refuse(401, 'Missing or wrong bearer token.');
  return null;
}

/** Signature (fresh, unseen), then the schema. */
export async function readV1Batch(
  db: Queryable,
  config: V1Config,
  body: string,
  signature: string | undefined,
  now: Date,
): Promise<{ events: IncomingEvent[] } | Refusal> {
  const check = await verifySignature(config.signingKey ?? config.token, body, signature, now.getTime() / 1000);
  if (!check.ok) {
    return refuse(
      401,
      {
        'missing-or-malformed': 'Missing or malformed X-Safeguard-Signature header.',
        stale: `Signature timestamp is more than ${SIGNATURE_TOLERANCE_SECONDS} s from the server clock (replayed, or the device clock is wrong).`,
        mismatch: 'Signature does not match the body.',
      }[check.reason],
    );
  }
  if (!(await claimNonce(db, check.signature.v1, now))) return refuse(409, 'This request was already received (replay).');
  const json = parseJson(body);
  if (!json.ok) return refuse(400, 'Body is not valid JSON.');
  const parsed = eventBatchSchema.safeParse(json.value);
  if (!parsed.success) {
    return refuse(400, 'Body does not match the event schema (docs/event.schema.json).', { details: problemsOf(parsed.error.issues) });
  }
  const details = parsed.data.events.flatMap((e, i) => [
    ...(e.count > MAX_EVENT_COUNT ? [`events.${i}.count: at most ${MAX_EVENT_COUNT}`] : []),
    ...(!timestampInRange(e.occurredAt) || !timestampInRange(e.lastOccurredAt) ? [`events.${i}.occurredAt: year outside 1970–9999`] : []),
  ]);
  if (details.length > 0)
    return refuse(400, 'Body does not match the event schema (docs/event.schema.json).', { details: details.slice(0, 10) });
  return { events: parsed.data.events.map(fromV1) };
}
