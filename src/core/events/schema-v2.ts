import { z } from 'zod';
import { EVENT_CATEGORIES, SEVERITIES } from '../alert-categories';
import { KEY_STAGES } from '../key-stages';
import { DETAIL_KEY_PATTERN, DETAIL_STRING_PATTERN, EVENT_TYPES, HOST_PATTERN, MAX_DETAIL_KEYS, MAX_EVENTS_PER_BATCH } from './schema';

/**
 * Wire format version 2 (docs/wire-format-v2.md): each device signs its batches with its own P-256 key,
 * registered once with the school's enrolment token, so a leaked token adds a device but never speaks
 * for another. Events gain monitoring alerts and heartbeats, a severity, and two fields a school must
 * switch on (`term`, `url`). `docs/event-v2.schema.json` is generated from this file; a test keeps them in step.
 */
export const EVENT_SCHEMA_VERSION_2 = 2;

export const EVENT_TYPES_V2 = [...EVENT_TYPES, 'heartbeat', 'search-alert', 'content-alert'] as const;
export type EventTypeV2 = (typeof EVENT_TYPES_V2)[number];

/** The matched lexicon term: short text in any script, never a whole query (no line breaks or controls). */
export const TERM_PATTERN = /^[^\p{Cc}\p{Cf}\n]{1,64}$/u;
export const MAX_URL_LENGTH = 2048;
/** The most occurrences one (folded) event may stand for. */
export const MAX_EVENT_COUNT = 1_000_000;

const detailSchema = z
  .record(z.string().regex(DETAIL_KEY_PATTERN), z.union([z.string().regex(DETAIL_STRING_PATTERN), z.number(), z.boolean()]))
  .refine((d) => Object.keys(d).length <= MAX_DETAIL_KEYS, `At most ${MAX_DETAIL_KEYS} detail entries.`);

export const wireEventV2Schema = z
  .object({
    schemaVersion: z.literal(EVENT_SCHEMA_VERSION_2).describe('Version of this format.'),
    id: z.uuid().describe('Random UUID made on the device; the receiver de-duplicates by it, so a resend is harmless.'),
    type: z.enum(EVENT_TYPES_V2).describe('What happened.'),
    occurredAt: z.iso.datetime({ offset: true }).describe('When it happened on the device (ISO 8601).'),
    schoolId: z.string().min(1).max(64).nullable().describe('The school identifier from the admin policy, or null when none is set.'),
    keyStage: z.enum(KEY_STAGES).describe('The key stage the device was configured for.'),
    category: z.enum(EVENT_CATEGORIES).nullable().describe('The filtering or alert category, when known.'),
    severity: z.enum(SEVERITIES).nullable().describe("For alerts, the device's judgement of how urgent the match is; otherwise null."),
    host: z.string().regex(HOST_PATTERN).nullable().describe('Host name only (no path, query or fragment), when there is one.'),
    device: z
      .string()
      .regex(/^[0-9a-f]{32}$/)
      .describe(
        'Pseudonym of the device: HMAC-SHA-256 of its directory device ID or install ID under the school key, first 128 bits in hex.',
      ),
    deviceIdKind: z.enum(['directory', 'install']).describe('Which device ID the pseudonym was made from.'),
    count: z
      .int()
      .min(1)
      .max(MAX_EVENT_COUNT)
      .describe('How many occurrences this event stands for: 1, or more when repeats were folded together.'),
    lastOccurredAt: z.iso
      .datetime({ offset: true })
      .nullable()
      .describe('For a folded event, when the latest folded occurrence happened; otherwise null.'),
    term: z
      .string()
      .regex(TERM_PATTERN)
      .nullable()
      .describe('Alerts only, and only when the school sets monitoring.sendTerms: the lexicon term that matched (never the query).'),
    url: z
      .url({ protocol: /^https?$/ })
      .max(MAX_URL_LENGTH)
      .nullable()
      .describe('`reported` events only, and only when the school sets reports.sendPageAddress: the reported page address.'),
    detail: detailSchema.describe('A few plain words or numbers the event type needs, such as an unlock length in minutes.'),
  })
  .strict();

export type WireEventV2 = z.infer<typeof wireEventV2Schema>;

export const eventBatchV2Schema = z
  .object({ events: z.array(wireEventV2Schema).min(1).max(MAX_EVENTS_PER_BATCH) })
  .strict()
  .describe('Body of a device-signed POST <endpoint.url>.');
export type EventBatchV2 = z.infer<typeof eventBatchV2Schema>;

/** A P-256 public key as a JSON Web Key: only the members RFC 7638 thumbprints use. */
export const publicJwkSchema = z
  .object({
    kty: z.literal('EC'),
    crv: z.literal('P-256'),
    x: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
    y: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  })
  .strict();
export type PublicJwk = z.infer<typeof publicJwkSchema>;

/** RFC 7638 thumbprint of a P-256 key, base64url without padding: 43 characters. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const registrationSchema = z
  .object({
    schemaVersion: z.literal(EVENT_SCHEMA_VERSION_2),
    keyId: z.string().regex(KEY_ID_PATTERN).describe('RFC 7638 SHA-256 thumbprint of publicKey, base64url.'),
    publicKey: publicJwkSchema.describe("The device's own ECDSA P-256 public key; the private half never leaves the device."),
    device: z
      .string()
      .regex(/^[0-9a-f]{32}$/)
      .describe('The pseudonym this key will speak for.'),
    deviceIdKind: z.enum(['directory', 'install']),
    schoolId: z.string().min(1).max(64).nullable(),
    keyStage: z.enum(KEY_STAGES),
    extensionVersion: z.string().regex(/^\d{1,5}(\.\d{1,5}){0,3}$/),
  })
  .strict()
  .describe('Body of POST <endpoint.url>/register, with the enrolment token as bearer and a v2 signature by the new key.');
export type Registration = z.infer<typeof registrationSchema>;

/** Answers to a registration: `pending` keys' events are kept aside until the DSL approves the key. */
export const registrationReplySchema = z.object({ keyId: z.string().regex(KEY_ID_PATTERN), status: z.enum(['active', 'pending']) });
export type RegistrationReply = z.infer<typeof registrationReplySchema>;

/** Machine-readable refusals a device acts on (docs/wire-format-v2.md, the answer tables). */
export const DEVICE_ERROR_CODES = [
  'bad-token',
  'unknown-device',
  'device-revoked',
  'bad-signature',
  'stale-signature',
  'replay',
  'invalid-body',
] as const;
export type DeviceErrorCode = (typeof DEVICE_ERROR_CODES)[number];

/** The header naming the signing key of a v2 request. */
export const KEY_ID_HEADER = 'X-Safeguard-Key';

/** JSON Schema of v2 request bodies, for receivers written in other languages. */
export function buildEventV2JsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://schoolsafeguard.invalid/event-v2.schema.json',
    title: `School Safeguard events, version ${EVENT_SCHEMA_VERSION_2}`,
    $defs: {
      batch: z.toJSONSchema(eventBatchV2Schema),
      registration: z.toJSONSchema(registrationSchema),
    },
  };
}
