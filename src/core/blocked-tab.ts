import { z } from 'zod';
import { blockReasonSchema } from './page-messages';
import { REPORT_CHOICES } from './report-choices';

/**
 * A tab the background has seen land on the blocked page for a real reason (a rule redirect it re-checked,
 * a pupil's report, a monitoring alert). Only such a tab's page is told anything or allowed to act. Stored
 * in storage.session; parsed on every read, so a record of an older shape is dropped, never trusted.
 */
export const blockedTabSchema = z.object({
  tabId: z.int(),
  /** The exact blocked-page URL the tab was sent to; the page's sender URL must equal it. */
  pageUrl: z.string(),
  originalUrl: z.string(),
  host: z.string(),
  reason: blockReasonSchema,
  at: z.number(),
  dark: z.boolean(),
  /** Epoch ms until which an adult's unlock lets the page offer adult actions. */
  unlockedUntil: z.number(),
  holdStartedAt: z.number(),
  requestSent: z.boolean(),
  /** On the tab the pupil reported from: the report's id (it links the pupil's choice to it) and the choice. */
  report: z.object({ id: z.string(), choice: z.enum(REPORT_CHOICES).nullable() }).nullable(),
});
export type BlockedTab = z.infer<typeof blockedTabSchema>;

/** Stored tabs by id; a malformed entry is left out. */
export function parseBlockedTabs(value: unknown): Record<string, BlockedTab> {
  const out: Record<string, BlockedTab> = {};
  if (typeof value !== 'object' || value === null) return out;
  for (const [key, entry] of Object.entries(value)) {
    const parsed = blockedTabSchema.safeParse(entry);
    if (parsed.success && String(parsed.data.tabId) === key) out[key] = parsed.data;
  }
  return out;
}
