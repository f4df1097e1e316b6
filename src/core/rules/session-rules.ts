import { blockedHashPrefix } from '../block-reason';
import type { ReportTarget } from '../shared-platforms';
import { FRAME_TYPES, SUBRESOURCE_TYPES, type DnrRule } from './dnr-types';
import { PRIORITY, SESSION_RULE_ID_BASE } from './rule-ids';

/**
 * Session rules made on the device: a pupil's report blocks a host until the browser restarts, and
 * an adult's lesson unlock allows one for a set time. Each uses a numbered slot of
 * SESSION_RULE_IDS_PER_SLOT IDs above SESSION_RULE_ID_BASE.
 */
export const SESSION_RULE_IDS_PER_SLOT = 2;
/** Far below Chrome's 5,000 session rule limit; the oldest slot is reused beyond it. */
export const MAX_SESSION_SLOTS = 500;

export function sessionSlotOf(ruleId: number): number | null {
  const offset = ruleId - SESSION_RULE_ID_BASE;
  if (offset < 0 || offset >= MAX_SESSION_SLOTS * SESSION_RULE_IDS_PER_SLOT) return null;
  return Math.floor(offset / SESSION_RULE_IDS_PER_SLOT);
}

export function slotRuleIds(slot: number): number[] {
  const first = SESSION_RULE_ID_BASE + slot * SESSION_RULE_IDS_PER_SLOT;
  return [first, first + 1];
}

const HOST_REPORT_REGEX = '^.*$';

/** Redirects the host's pages and frames to the reported page and blocks everything else from it. */
export function reportedHostRules(host: string, slot: number, blockPageUrl: string): DnrRule[] {
  const [frames, rest] = slotRuleIds(slot) as [number, number];
  return [
    {
      id: frames,
      priority: PRIORITY.REPORTED_SESSION_BLOCK,
      action: { type: 'redirect', redirect: { regexSubstitution: `${blockPageUrl}${blockedHashPrefix({ kind: 'reported' })}\\0` } },
      condition: { regexFilter: HOST_REPORT_REGEX, requestDomains: [host], resourceTypes: [...FRAME_TYPES] },
    },
    {
      id: rest,
      priority: PRIORITY.REPORTED_SESSION_BLOCK,
      action: { type: 'block' },
      condition: { requestDomains: [host], resourceTypes: [...SUBRESOURCE_TYPES] },
    },
  ];
}

/**
 * A report of one page of a shared platform (see shared-platforms.ts): its pages and frames go to the
 * reported page; nothing else of the host is touched. One regex rule, like a host report.
 */
export function reportedPageRules(target: Extract<ReportTarget, { scope: 'page' }>, slot: number, blockPageUrl: string): DnrRule[] {
  const [frames] = slotRuleIds(slot) as [number, number];
  return [
    {
      id: frames,
      priority: PRIORITY.REPORTED_SESSION_BLOCK,
      action: { type: 'redirect', redirect: { regexSubstitution: `${blockPageUrl}${blockedHashPrefix({ kind: 'reported' })}\\0` } },
      // Document and video IDs are case-sensitive.
      condition: {
        regexFilter: target.regex,
        isUrlFilterCaseSensitive: true,
        requestDomains: [target.host],
        resourceTypes: [...FRAME_TYPES],
      },
    },
  ];
}

/** The rules a report of `target` installs in `slot`. */
export function reportedRules(target: ReportTarget, slot: number, blockPageUrl: string): DnrRule[] {
  return target.scope === 'page' ? reportedPageRules(target, slot, blockPageUrl) : reportedHostRules(target.host, slot, blockPageUrl);
}

/** Whether `rule` is the report rule of `target` (so a second report of the same page adds nothing). */
export function isReportRuleFor(rule: DnrRule, target: ReportTarget): boolean {
  if (rule.priority !== PRIORITY.REPORTED_SESSION_BLOCK || rule.action.type !== 'redirect') return false;
  const c = rule.condition;
  if (c.requestDomains?.length !== 1 || c.requestDomains[0] !== target.host) return false;
  return target.scope === 'page' ? c.regexFilter === target.regex : c.regexFilter === HOST_REPORT_REGEX;
}

/**
 * An adult's lesson unlock: allows exactly this host (not its subdomains: allowing `www.tumblr.com` must not
 * open a blog that a pornography list names under it) above category and school blocks, never above
 * illegal content or a report. `|scheme://host^` anchors the host; `^` is any separator (`/`, `:`, `?`, end).
 */
export function lessonAllowRules(host: string, slot: number): DnrRule[] {
  return slotRuleIds(slot).map((id, index) => ({
    id,
    priority: PRIORITY.TEMPORARY_ALLOW,
    action: { type: 'allow' as const },
    condition: { urlFilter: `|${index === 0 ? 'https' : 'http'}://${host}^`, resourceTypes: [...FRAME_TYPES, ...SUBRESOURCE_TYPES] },
  }));
}

/** The first slot none of `rules` uses, or null when all are taken. */
export function freeSessionSlot(rules: readonly { id: number }[]): number | null {
  const used = new Set<number>();
  for (const rule of rules) {
    const slot = sessionSlotOf(rule.id);
    if (slot !== null) used.add(slot);
  }
  for (let slot = 0; slot < MAX_SESSION_SLOTS; slot++) if (!used.has(slot)) return slot;
  return null;
}
