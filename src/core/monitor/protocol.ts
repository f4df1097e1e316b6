import * as z from 'zod/mini';

/**
 * What the page-monitoring content script and the background say to each other, and the settings the
 * content script reads. zod's small build (zod/mini) so that the content script, injected into every
 * page, stays small; the background parses the same schemas.
 *
 * The content script sends text, not a verdict: the lexicon is compiled once, in the background,
 * instead of in every tab (see README, "Monitoring what gets through"). The text goes to the
 * extension's own service worker on the same device, is checked in memory and dropped; it is never
 * stored or sent anywhere.
 */

/** Page text per message: the first read of a page, and each later change. */
export const MAX_PAGE_TEXT = 200_000;
export const MAX_UPDATE_TEXT = 20_000;
/** A prompt typed into a chatbot. */
export const MAX_PROMPT_TEXT = 2_000;

export const monitorMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('monitor/page'),
    /** `initial`: the page's text once it has loaded; `update`: text added or changed since. */
    part: z.enum(['initial', 'update']),
    text: z.string().check(z.maxLength(MAX_PAGE_TEXT)),
  }),
  z.object({ type: z.literal('monitor/prompt'), text: z.string().check(z.minLength(1), z.maxLength(MAX_PROMPT_TEXT)) }),
]);
export type MonitorMessage = z.infer<typeof monitorMessageSchema>;

export function parseMonitorMessage(message: unknown): MonitorMessage | null {
  const parsed = monitorMessageSchema.safeParse(message);
  return parsed.success ? parsed.data : null;
}

/** Whether a runtime message is meant for the monitor at all (so other routes can refuse it). */
export function isMonitorMessageType(message: unknown): boolean {
  const type = (message as { type?: unknown } | null)?.type;
  return typeof type === 'string' && type.startsWith('monitor/');
}

/** The background's answer: only whether it was taken, never what was found. */
export type MonitorReply = { ok: true } | { ok: false; error: 'not-allowed' | 'bad-message' | 'failed' };

/** storage.local key of the settings the content script reads before doing anything. */
export const MONITOR_CONFIG_KEY = 'monitorConfig';

export const monitorConfigSchema = z.object({
  enabled: z.boolean(),
  pages: z.boolean(),
  prompts: z.boolean(),
  trustedSites: z.array(z.string().check(z.maxLength(253))).check(z.maxLength(500)),
});
export type MonitorConfig = z.infer<typeof monitorConfigSchema>;

/** Before the background has written any settings (the first seconds after install): monitor. */
export const DEFAULT_MONITOR_CONFIG: MonitorConfig = { enabled: true, pages: true, prompts: true, trustedSites: [] };

/** Stored settings, or the default when they are missing or not valid (never "off" by accident). */
export function parseMonitorConfig(stored: unknown): MonitorConfig {
  const parsed = monitorConfigSchema.safeParse(stored);
  return parsed.success ? parsed.data : DEFAULT_MONITOR_CONFIG;
}
