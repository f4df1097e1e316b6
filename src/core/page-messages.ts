import { z } from 'zod';
import { ALERT_CATEGORIES } from './alert-categories';
import { CATEGORIES } from './categories';
import { KEY_STAGES } from './key-stages';
import { PAGE_KINDS } from './page-kinds';
import { LESSON_UNLOCK_MINUTES } from './pupil-view';
import { REPORT_CHOICES } from './report-choices';
import { UNLOCK_CODE_PATTERN } from './unlock-code';

/**
 * The runtime message protocol between the extension's pages (blocked page, popup) and the
 * background. Every message and reply is parsed with these schemas at both ends; the background
 * also checks who sent it (src/background/message-router.ts).
 */
export const pageRequestSchema = z.discriminatedUnion('type', [
  /** The blocked page asks what it may show; answered only for a verified blocked tab. */
  z.object({ type: z.literal('blocked/hello') }),
  z.object({ type: z.literal('blocked/darken') }),
  z.object({ type: z.literal('blocked/hold-start') }),
  /** A 6-digit code from the school's unlock secret, or the school's PIN (6 to 12 digits). */
  z.object({ type: z.literal('blocked/unlock-code'), code: z.string().regex(UNLOCK_CODE_PATTERN) }),
  z.object({ type: z.literal('blocked/unlock-hold') }),
  z.object({ type: z.literal('blocked/go-back') }),
  z.object({
    type: z.literal('blocked/lesson-unlock'),
    minutes: z.union(LESSON_UNLOCK_MINUTES.map((m) => z.literal(m)) as [z.ZodLiteral<30>, z.ZodLiteral<60>, z.ZodLiteral<90>]),
  }),
  z.object({ type: z.literal('blocked/request-unblock') }),
  /** After a report: what the pupil says happened, one of a few pictures. */
  z.object({ type: z.literal('blocked/report-choice'), choice: z.enum(REPORT_CHOICES) }),
  /** The popup asks for the school's name and adults, to thank the pupil in the right words. */
  z.object({ type: z.literal('popup/hello') }),
  /** The popup's "Tell an adult" button: report the active tab. */
  z.object({ type: z.literal('popup/report') }),
]);
export type PageRequest = z.infer<typeof pageRequestSchema>;

export const blockReasonSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('category'), category: z.enum(CATEGORIES) }),
  z.object({ kind: z.literal('school') }),
  z.object({ kind: z.literal('approved-only') }),
  z.object({ kind: z.literal('reported') }),
  z.object({ kind: z.literal('alert'), category: z.enum(ALERT_CATEGORIES) }),
]);

const adultsSchema = z.array(z.object({ role: z.string(), name: z.string() }));

export const blockedViewSchema = z.object({
  keyStage: z.enum(KEY_STAGES),
  /** Harmful, not for school, or the staff page (src/core/page-kinds.ts). */
  kind: z.enum(PAGE_KINDS),
  reason: blockReasonSchema,
  host: z.string().nullable(),
  adults: adultsSchema,
  schoolName: z.string().nullable(),
  /** Within the policy's school hours (UK time): outside them pupils are also pointed to a parent or carer. */
  atSchool: z.boolean(),
  dark: z.boolean(),
  unlockMethod: z.enum(['code', 'hold']),
  /** An adult unlocked this tab a moment ago (survives a reload of the page). */
  unlocked: z.boolean(),
  /** Wrong codes have locked the keypad for this long (0: not locked). */
  unlockRetryAfterMs: z.number().min(0),
  /** The pupil may leave without an adult (calm pages). */
  canGoBack: z.boolean(),
  canRequestUnblock: z.boolean(),
  requestSent: z.boolean(),
  /** `school-only`: a floor category, which no unlock may open; the school can, through allowDomains. */
  lessonUnlock: z.enum(['offered', 'school-only', 'none']),
  /** `ask`: the tab the pupil reported, where they may say what happened. */
  reportChoice: z.enum(['ask', 'sent', 'none']),
  helpLines: z.array(z.enum(['childline', 'meic', 'ceop', 'dsl'])),
  /** Self-harm and eating-disorder content: words of support and help lines first. */
  supportFirst: z.boolean(),
});
export type BlockedView = z.infer<typeof blockedViewSchema>;

export const popupViewSchema = z.object({
  keyStage: z.enum(KEY_STAGES),
  schoolName: z.string().nullable(),
  adults: adultsSchema,
  atSchool: z.boolean(),
});
export type PopupView = z.infer<typeof popupViewSchema>;

export const ERROR_CODES = ['not-allowed', 'bad-message', 'wrong-code', 'locked-out', 'too-soon', 'failed'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const pageReplySchema = z.union([
  z.object({ ok: z.literal(true), view: blockedViewSchema.optional(), popup: popupViewSchema.optional() }),
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
