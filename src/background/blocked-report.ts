import { z } from 'zod';
import { parseBlockedHash } from '@/src/core/block-reason';
import { classifyHost } from '@/src/core/classify-host';
import { anonymiseHost } from '@/src/core/events/anonymise';
import type { Category } from '@/src/core/categories';
import type { EffectivePolicy } from '@/src/core/policy/resolve';
import type { EventRecorder } from './event-recorder';

/** Sent by the blocked page when it opens; carries nothing, the background reads the sender's URL. */
export const blockedPageOpenedSchema = z.object({ type: z.literal('blocked-page-opened') }).strict();
export type BlockedPageOpened = z.infer<typeof blockedPageOpenedSchema>;

/** The same host reloaded within this window in one tab is one event. */
export const BLOCKED_REPEAT_WINDOW_MS = 10_000;

export interface MessageSenderLike {
  id?: string;
  url?: string;
  frameId?: number;
  tab?: { id?: number; url?: string };
}

export type BlockedReportResult = { recorded: true } | { recorded: false; reason: string };

export interface BlockedReportDeps {
  recorder: EventRecorder;
  currentPolicy(): Promise<EffectivePolicy>;
  /** The list-feed domains the rules were compiled with (the same source as the policy engine's). */
  feedDomains?(policy: EffectivePolicy): Promise<Partial<Record<Category, Iterable<string>>>>;
  /** `chrome-extension://<id>/blocked.html` */
  blockPageUrl: string;
  extensionId: string;
  nowMs(): number;
}

/**
 * Turns "the blocked page opened" into a `blocked` event, trusting nothing the page says: the URL
 * comes from the message sender (set by the browser), and the host is re-checked against the
 * policy in force, so a forged fragment cannot create an event for a site that is not blocked.
 */
export function createBlockedPageReporter(deps: BlockedReportDeps) {
  const recent = new Map<string, number>();
  return async function handleBlockedPageOpened(message: unknown, sender: MessageSenderLike): Promise<BlockedReportResult> {
    if (!blockedPageOpenedSchema.safeParse(message).success) return { recorded: false, reason: 'bad-message' };
    if (sender.id !== deps.extensionId || sender.frameId !== 0 || !sender.tab) return { recorded: false, reason: 'bad-sender' };
    const pageUrl = sender.url ?? sender.tab.url ?? '';
    if (!pageUrl.startsWith(`${deps.blockPageUrl}#`)) return { recorded: false, reason: 'not-blocked-page' };
    let host: string | null = null;
    try {
      const params = parseBlockedHash(pageUrl.slice(pageUrl.indexOf('#')));
      host = anonymiseHost(params?.url ?? undefined);
    } catch {
      host = null;
    }
    if (!host) return { recorded: false, reason: 'no-host' };
    const policy = await deps.currentPolicy();
    const verdict = classifyHost(policy, host, deps.feedDomains ? await deps.feedDomains(policy) : {});
    if (!verdict.blocked) return { recorded: false, reason: 'not-blocked' };

    const now = deps.nowMs();
    const repeatKey = `${sender.tab.id ?? -1} ${host}`;
    const last = recent.get(repeatKey);
    if (last !== undefined && now - last < BLOCKED_REPEAT_WINDOW_MS) return { recorded: false, reason: 'repeat' };
    recent.set(repeatKey, now);
    for (const [key, at] of recent) if (now - at >= BLOCKED_REPEAT_WINDOW_MS) recent.delete(key);

    await deps.recorder.record({
      type: 'blocked',
      host,
      ...(verdict.reason.kind === 'category' ? { category: verdict.reason.category } : {}),
      detail: { reason: verdict.reason.kind },
    });
    return { recorded: true };
  };
}
