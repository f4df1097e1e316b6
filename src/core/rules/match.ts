import { parseBlockedHash, type BlockReason } from '../block-reason';
import { hostOfUrl, isCoveredBy } from '../domain';
import type { DnrRule, ResourceType } from './dnr-types';

/**
 * Re-checks a URL against installed rules, the way Chrome picks the winner: highest priority, then
 * allow over block over redirect. Used to confirm that a blocked page really stands for a blocked
 * navigation before anything is recorded, so a forged page or a server redirect cannot fake one.
 * Understands the conditions this extension writes (requestDomains, excludedRequestDomains,
 * resourceTypes, regexFilter, urlFilter, requestMethods: the navigations judged are GETs); a rule with any
 * other condition is treated as not matching.
 */
const ACTION_RANK: Record<string, number> = { allow: 5, allowAllRequests: 4, block: 3, upgradeScheme: 2, redirect: 1 };

export function winningRule(rules: readonly DnrRule[], url: string, resourceType: ResourceType): DnrRule | null {
  return winningRules(rules, url, resourceType)[0] ?? null;
}

/**
 * Every rule that ties for the win (same priority, same action). Chrome picks one of them by its
 * own ruleset order, which is not documented; the callers here accept any of them.
 */
export function winningRules(rules: readonly DnrRule[], url: string, resourceType: ResourceType): DnrRule[] {
  const host = hostOfUrl(url);
  if (host === null) return [];
  let best: DnrRule[] = [];
  for (const rule of rules) {
    const rank = ACTION_RANK[rule.action.type];
    if (rank === undefined || !matches(rule, url, host, resourceType)) continue;
    const top = best[0];
    if (
      top === undefined ||
      rule.priority > top.priority ||
      (rule.priority === top.priority && rank > (ACTION_RANK[top.action.type] ?? 0))
    ) {
      best = [rule];
    } else if (rule.priority === top.priority && rank === ACTION_RANK[top.action.type]) {
      best.push(rule);
    }
  }
  return best;
}

function matches(rule: DnrRule, url: string, host: string, resourceType: ResourceType): boolean {
  const c = rule.condition;
  if (c.urlFilter !== undefined && !urlFilterRegex(c.urlFilter, c.isUrlFilterCaseSensitive === true).test(url)) return false;
  if (c.requestMethods && !c.requestMethods.includes('get')) return false;
  if (c.resourceTypes && !c.resourceTypes.includes(resourceType)) return false;
  if (c.requestDomains && !isCoveredBy(new Set(c.requestDomains), host)) return false;
  if (c.excludedRequestDomains && isCoveredBy(new Set(c.excludedRequestDomains), host)) return false;
  if (c.regexFilter !== undefined) {
    try {
      if (!new RegExp(c.regexFilter, c.isUrlFilterCaseSensitive === false ? 'i' : '').test(url)) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * A DNR `urlFilter` as a regular expression: `||` anchors a domain and its subdomains, `|` the start or end
 * of the URL, `^` a separator (anything but a letter, digit, `_ - . %`, or the end), `*` any run of characters.
 * Chrome matches it case-insensitively unless the rule says otherwise.
 */
export function urlFilterRegex(filter: string, caseSensitive = false): RegExp {
  let source = '';
  let rest = filter;
  if (rest.startsWith('||')) {
    source = '^[a-z][a-z0-9+.-]*://(?:[^/?#]*\\.)?';
    rest = rest.slice(2);
  } else if (rest.startsWith('|')) {
    source = '^';
    rest = rest.slice(1);
  }
  const anchoredEnd = rest.endsWith('|');
  if (anchoredEnd) rest = rest.slice(0, -1);
  for (const char of rest) {
    source += char === '*' ? '.*' : char === '^' ? '(?:[^A-Za-z0-9_.%-]|$)' : char.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
  }
  return new RegExp(anchoredEnd ? `${source}$` : source, caseSensitive ? '' : 'i');
}

/** Why the installed rules send `url` to the blocked page, or null when they do not. */
export function blockReasonFor(rules: readonly DnrRule[], url: string, blockPageUrl: string): BlockReason | null {
  const rule = winningRule(rules, url, 'main_frame');
  const substitution = rule?.action.type === 'redirect' ? rule.action.redirect?.regexSubstitution : undefined;
  if (!substitution?.startsWith(`${blockPageUrl}#`)) return null;
  return parseBlockedHash(substitution.slice(blockPageUrl.length).replace(/\\0$/, ''))?.reason ?? null;
}
