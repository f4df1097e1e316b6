import { BUILTIN_CATEGORY_DOMAINS, CHILDREN_LEARNING_SITES, ESSENTIAL_PLATFORM_SITES } from './builtin-domains';
import type { BlockReason } from './block-reason';
import { CATEGORIES, ILLEGAL_CATEGORY, type Category } from './categories';
import { coveringParent, isCoveredBy } from './domain';
import type { EffectivePolicy } from './policy/resolve';

export type HostVerdict = { blocked: false } | { blocked: true; reason: BlockReason };

/**
 * Decides whether the current policy blocks a navigation to `host`, in the same order of precedence
 * as the compiled rules (rule-ids.ts PRIORITY): illegal, then the school's allow, its block, the
 * categories, and approved-sites-only. The background uses it to re-check what a blocked page claims
 * before recording an event, since the page's URL fragment can be forged.
 */
export function classifyHost(
  policy: EffectivePolicy,
  host: string,
  feedDomains: Partial<Record<Category, Iterable<string>>> = {},
): HostVerdict {
  const inCategory = (category: Category) =>
    isCoveredBy(new Set(BUILTIN_CATEGORY_DOMAINS[category]), host) ||
    isCoveredBy(new Set(policy.categoryDomains[category] ?? []), host) ||
    isCoveredBy(new Set(feedDomains[category] ?? []), host);

  if (inCategory(ILLEGAL_CATEGORY)) return { blocked: true, reason: { kind: 'category', category: ILLEGAL_CATEGORY } };

  const allowSet = new Set(policy.allowDomains);
  const blockSet = new Set(policy.blockDomains);
  const carveOuts = new Set(policy.blockDomains.filter((b) => coveringParent(allowSet, b) !== undefined));
  if (isCoveredBy(allowSet, host) && !isCoveredBy(carveOuts, host)) return { blocked: false };
  if (isCoveredBy(blockSet, host)) return { blocked: true, reason: { kind: 'school' } };

  const enabled = new Set(policy.categories);
  for (const category of CATEGORIES) {
    if (category !== ILLEGAL_CATEGORY && enabled.has(category) && inCategory(category)) {
      return { blocked: true, reason: { kind: 'category', category } };
    }
  }
  if (policy.approvedSitesOnly) {
    const approved = new Set([...CHILDREN_LEARNING_SITES, ...ESSENTIAL_PLATFORM_SITES]);
    if (!isCoveredBy(approved, host)) return { blocked: true, reason: { kind: 'approved-only' } };
  }
  return { blocked: false };
}
