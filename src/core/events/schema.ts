import { z } from 'zod';
import { CATEGORIES } from '../categories';
import { KEY_STAGES } from '../key-stages';

/**
 * The wire format of breach events, shared by the extension and the reference endpoint. An outside
 * receiver relies on these names: add optional fields freely, but a rename or removal needs a new
 * EVENT_SCHEMA_VERSION. `docs/event.schema.json` is generated from this schema (a test keeps them in step).
 */
export const EVENT_SCHEMA_VERSION = 1;

export const EVENT_TYPES = ['blocked', 'reported', 'unblock-request', 'unlocked', 'lesson-unlock', 'policy-error'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** A bare host name: lower-case letters, digits, dots and hyphens; never a path, port, query or fragment. */
export const HOST_PATTERN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/;

/** Detail values are short plain words or numbers, so nothing like a URL, email or sentence fits. */
export const DETAIL_STRING_PATTERN = /^[A-Za-z0-9 ._:,-]{0,64}$/;
export const DETAIL_KEY_PATTERN = /^[A-Za-z][A-Za-z0-9]{0,31}$/;
export const MAX_DETAIL_KEYS = 8;

/** One batch may carry at most this many events; the sender sends fewer. */
export const MAX_EVENTS_PER_BATCH = 1000;

export const wireEventSchema = z
  .object({
    schemaVersion: z.literal(EVENT_SCHEMA_VERSION).describe('Version of this format.'),
    id: z.uuid().describe('Random UUID made on the device; the receiver de-duplicates by it, so a resend is harmless.'),
    type: z.enum(EVENT_TYPES).describe('What happened.'),
    occurredAt: z.iso.datetime({ offset: true }).describe('When it happened on the device (ISO 8601).'),
    schoolId: z.string().min(1).max(64).nullable().describe('The school identifier from the admin policy, or null when none is set.'),
    keyStage: z.enum(KEY_STAGES).describe('The key stage the device was configured for.'),
    category: z.enum(CATEGORIES).nullable().describe('The blocked category, when known.'),
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
      .describe('How many occurrences this event stands for: 1, or more when a full outbox folded old blocked events together.'),
    lastOccurredAt: z.iso
      .datetime({ offset: true })
      .nullable()
      .describe('For a folded event, when the latest folded occurrence happened; otherwise null.'),
    detail: z
      .record(z.string().regex(DETAIL_KEY_PATTERN), z.union([z.string().regex(DETAIL_STRING_PATTERN), z.number(), z.boolean()]))
      .refine((d) => Object.keys(d).length <= MAX_DETAIL_KEYS, `At most ${MAX_DETAIL_KEYS} detail entries.`)
      .describe('A few plain words or numbers the event type needs, such as an unlock length in minutes.'),
  })
  .strict();

export type WireEvent = z.infer<typeof wireEventSchema>;

export const eventBatchSchema = z
  .object({ events: z.array(wireEventSchema).min(1).max(MAX_EVENTS_PER_BATCH) })
  .strict()
  .describe('Body of POST <endpoint.url>.');

export type EventBatch = z.infer<typeof eventBatchSchema>;

/** JSON Schema of a request body, for receivers written in other languages. */
export function buildEventJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://schoolsafeguard.invalid/event.schema.json',
    title: `School Safeguard breach events, version ${EVENT_SCHEMA_VERSION}`,
    ...(z.toJSONSchema(eventBatchSchema) as Record<string, unknown>),
  };
}
