import { z } from 'zod';
import { ALERT_CATEGORIES } from './alert-categories';
import { CATEGORIES } from './categories';
import { KEY_STAGES } from './key-stages';
import { LESSON_UNLOCK_MINUTES } from './pupil-view';
import { PIN_PATTERN } from './pin';

/**
 * The runtime message protocol between the extension's pages (blocked page, popup) and the
 * background. Every message and reply is parsed with these schemas at both ends; the background
 * also checks who sent it (src/background/messages.ts).
 */
export const pageRequestSchema = z.discriminatedUnion('type', [
  /** The blocked page asks what it may show; answered only for a verified blocked tab. */
  z.object({ type: z.literal('blocked/hello') }),
  z.object({ type: z.literal('blocked/darken') }),
  z.object({ type: z.literal('blocked/hold-start') }),
  z.object({ type: z.literal('blocked/unlock-pin'), pin: z.string().regex(PIN_PATTERN) }),
  z.object({ type: z.literal('blocked/unlock-hold') }),
  z.object({ type: z.literal('blocked/go-back') }),
  z.object({
    type: z.literal('blocked/lesson-unlock'),
    minutes: z.union(LESSON_UNLOCK_MINUTES.map((m) => z.literal(m)) as [z.ZodLiteral<30>, z.ZodLiteral<60>, z.ZodLiteral<90>]),
  }),
  z.object({ type: z.literal('blocked/request-unblock') }),
  /** The popup's "Tell an adult" button: report the active tab. */
  z.object({ type: z.literal('popup/report') }),
]);
export type PageRequest = z.infer<typeof pageRequestSchema>;

const blockReasonSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('category'), category: z.enum(CATEGORIES) }),
  z.object({ kind: z.literal('school') }),
  z.object({ kind: z.literal('approved-only') }),
  z.object({ kind: z.literal('reported') }),
  z.object({ kind: z.literal('alert'), category: z.enum(ALERT_CATEGORIES) }),
]);

export const blockedViewSchema = z.object({
  keyStage: z.enum(KEY_STAGES),
  reason: blockReasonSchema,
  host: z.string().nullable(),
  adults: z.array(z.object({ role: z.string(), name: z.string() })),
  schoolName: z.string().nullable(),
  dark: z.boolean(),
  unlockMethod: z.enum(['pin', 'hold']),
  /** An adult unlocked this tab a moment ago (survives a reload of the page). */
  unlocked: z.boolean(),
  canRequestUnblock: z.boolean(),
  canLessonUnlock: z.boolean(),
  requestSent: z.boolean(),
});
export type BlockedView = z.infer<typeof blockedViewSchema>;

export const ERROR_CODES = ['not-allowed', 'bad-message', 'wrong-pin', 'locked-out', 'too-soon', 'failed'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const pageReplySchema = z.union([
  z.object({ ok: z.literal(true), view: blockedViewSchema.optional() }),
  z.object({ ok: z.literal(false), error: z.enum(ERROR_CODES), retryAfterMs: z.number().optional() }),
]);
export type PageReply = z.infer<typeof pageReplySchema>;

export function parsePageRequest(message: unknown): PageRequest | null {
  const parsed = pageRequestSchema.safeParse(message);
  return parsed.success ? parsed.data : null;
}

/** A reply the page cannot parse is treated as a refusal, never as permission. */
export function parsePageReply(reply: unknown): PageReply {
  const parsed = pageReplySchema.safeParse(reply);
  return parsed.success ? parsed.data : { ok: false, error: 'failed' };
}
