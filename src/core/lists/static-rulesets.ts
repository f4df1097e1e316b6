import { blockedHashPrefix } from '../block-reason';
import { CATEGORIES, ILLEGAL_CATEGORY, isCategory, type Category } from '../categories';
import { CHROME_DNR_LIMITS } from '../rules/chrome-limits';
import { FRAME_TYPES, SUBRESOURCE_TYPES, type DnrRule } from '../rules/dnr-types';
import { PRIORITY } from '../rules/rule-ids';
import { createOverBlockingGuard } from './guard';
import { createHostIndexBuilder } from './host-index';
import { createListParser, type ListFormat, type ParseStats } from './parse';
import { createHostReducer, type ReduceStats } from './reduce';

/**
 * Build-time option: lists baked into the package as one static ruleset per category
 * (`LISTS_DIR=... npm run build`), switched on and off with updateEnabledRulesets by the policy.
 * Chrome guarantees 30 000 static rules per extension across enabled rulesets, allows 50 enabled
 * and 100 declared static rulesets, and 1 000 regex rules per ruleset: one ruleset per category
 * (16 at most) with two rules (one regex) per 100 000 domains stays far inside all of them.
 */

export const STATIC_RULESET_PREFIX = 'list_';
export const MAX_STATIC_RULESETS = 100;
export const MAX_ENABLED_STATIC_RULESETS = 50;
export const GUARANTEED_STATIC_RULES = 30_000;

export function staticRulesetId(category: Category): string {
  return `${STATIC_RULESET_PREFIX}${category}`;
}

export function categoryOfStaticRuleset(id: string): Category | null {
  const name = id.startsWith(STATIC_RULESET_PREFIX) ? id.slice(STATIC_RULESET_PREFIX.length) : '';
  return isCategory(name) ? name : null;
}

/** A file in LISTS_DIR: `<category>.txt`, `<category>.hosts`, `<category>.adblock` or anything under `<category>/`. */
export function classifyListFile(relativePath: string): { category: Category; format: ListFormat } | { error: string } {
  const parts = relativePath.split('/');
  const name = parts.at(-1) ?? '';
  const category = (parts.length > 1 ? parts[0] : name.split('.')[0]) ?? '';
  if (!isCategory(category)) {
    return { error: `${relativePath}: "${category}" is not a category (${CATEGORIES.join(', ')}); name the file or its folder after one.` };
  }
  const format: ListFormat = /\.hosts$|(^|[./])hosts(\.txt)?$/.test(name)
    ? 'hosts'
    : /\.(adblock|abp)(\.txt)?$/.test(name)
      ? 'adblock'
      : 'domains';
  return { category, format };
}

export interface StaticRulesetBuild {
  category: Category;
  rules: DnrRule[];
  parse: Pick<ParseStats, 'lines' | 'dropped'>;
  reduce: ReduceStats;
  /** The ruleset's hosts as a host index (see host-index.ts), shipped beside it. */
  index: BigUint64Array;
}

/** Where a ruleset's host index goes in the package, beside its rules. */
export function hostIndexPath(rulesetId: string): string {
  return `rules/${rulesetId}.index`;
}

/**
 * A baked ruleset's frame rule for some of its hosts, as it is built into the package; the worker
 * rebuilds it for the one host it is checking (its ID is then meaningless), so both stay the same.
 */
export function bakedFrameRule(category: Category, requestDomains: string[], blockPageUrl: string, id = 1): DnrRule {
  return {
    id,
    priority: category === ILLEGAL_CATEGORY ? PRIORITY.ILLEGAL_BLOCK : PRIORITY.CATEGORY_BLOCK,
    action: { type: 'redirect', redirect: { regexSubstitution: `${blockPageUrl}${blockedHashPrefix({ kind: 'category', category })}\\0` } },
    condition: { regexFilter: '^.*$', requestDomains, resourceTypes: [...FRAME_TYPES] },
  };
}

/**
 * Builds one category's static ruleset from its files' texts (streamed through the same parser,
 * reducer and over-blocking guard as downloaded feeds). Static rule IDs are per ruleset.
 */
export function buildStaticRuleset(
  category: Category,
  sources: Iterable<{ format: ListFormat; pieces: Iterable<string> }>,
  blockPageUrl: string,
): StaticRulesetBuild {
  const guard = category === ILLEGAL_CATEGORY ? null : createOverBlockingGuard();
  const reducer = createHostReducer({
    chunkSize: CHROME_DNR_LIMITS.maxDomainsPerRule,
    ...(guard ? { guard: (h: string) => guard.isSuppressed(h) } : {}),
  });
  const parse = { lines: 0, dropped: {} as ParseStats['dropped'] };
  for (const source of sources) {
    const parser = createListParser(source.format, (host) => reducer.add(host));
    for (const piece of source.pieces) parser.push(piece);
    const stats = parser.end();
    parse.lines += stats.lines;
    for (const [reason, count] of Object.entries(stats.dropped) as [keyof ParseStats['dropped'], number][]) {
      parse.dropped[reason] = (parse.dropped[reason] ?? 0) + count;
    }
  }
  const rules: DnrRule[] = [];
  const index = createHostIndexBuilder();
  const iterator = reducer.chunks();
  for (;;) {
    const step = iterator.next();
    if (step.done) return { category, rules, parse, reduce: step.value, index: index.finish() };
    const requestDomains = step.value.text.split('\n');
    for (const host of requestDomains) index.add(host);
    const frames = bakedFrameRule(category, requestDomains, blockPageUrl, rules.length + 1);
    rules.push(frames, {
      id: frames.id + 1,
      priority: frames.priority,
      action: { type: 'block' },
      condition: { requestDomains, resourceTypes: [...SUBRESOURCE_TYPES] },
    });
  }
}

/**
 * Which baked rulesets to switch on and off for the policy's categories (`illegal` always).
 * Returns null when nothing changes.
 */
export function planStaticRulesets(
  available: readonly string[],
  enabledNow: readonly string[],
  categories: readonly Category[],
): { enableRulesetIds: string[]; disableRulesetIds: string[] } | null {
  const wanted = new Set([ILLEGAL_CATEGORY, ...categories].map(staticRulesetId));
  const now = new Set(enabledNow);
  const ours = available.filter((id) => categoryOfStaticRuleset(id) !== null);
  const enableRulesetIds = ours.filter((id) => wanted.has(id) && !now.has(id));
  const disableRulesetIds = ours.filter((id) => !wanted.has(id) && now.has(id));
  return enableRulesetIds.length + disableRulesetIds.length === 0 ? null : { enableRulesetIds, disableRulesetIds };
}
