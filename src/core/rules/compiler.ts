import { BUILTIN_CATEGORY_DOMAINS, CHILDREN_LEARNING_SITES, ESSENTIAL_PLATFORM_SITES } from '../builtin-domains';
import { blockedHashPrefix, type BlockReason } from '../block-reason';
import { CATEGORIES, ILLEGAL_CATEGORY, type Category } from '../categories';
import { coveringParent, isCoveredBy, PUBLIC_SUFFIXES } from '../domain';
import { DomainTable } from './domain-table';
import type { EffectivePolicy } from '../policy/resolve';
import { CHROME_DNR_LIMITS, type DnrLimits } from './chrome-limits';
import { FRAME_TYPES, isUnsafeRule, SUBRESOURCE_TYPES, type DnrRule, type ResourceType } from './dnr-types';
import { categoryRuleId, MAX_CHUNKS_PER_CATEGORY, PRIORITY, RULE_ID } from './rule-ids';
import { compileSafeSearchRules } from './safe-search';
import { isSessionTierRule } from './tiers';

export interface CompileInput {
  policy: EffectivePolicy;
  /**
   * Hosts per category from list feeds, on top of the built-in sets and the school's own
   * categoryDomains. Only the policy's enabled categories (and `illegal`, always) are read. A
   * DomainTable (list-scale input) is used in place: the built-in and school hosts are added to it.
   */
  feedDomains?: Partial<Record<Category, Iterable<string> | DomainTable>>;
  /**
   * Downloaded list feeds, already sorted, reduced and cut into chunks (see src/core/lists). The
   * compiler never reads their hosts: it emits one rule pair per chunk that names the chunk, and
   * the installer fetches the hosts only for chunks whose hash changed.
   */
  listChunks?: Partial<Record<Category, readonly ListChunkRef[]>>;
  /** `chrome-extension://<id>/blocked.html`: where blocked navigations land. */
  blockPageUrl: string;
  limits?: DnrLimits;
  /** Leave out the built-in curated sets (benchmarks and list-only tests). */
  withoutBuiltins?: boolean;
}

export interface CompileIssue {
  code: 'too-many-rules' | 'too-many-unsafe-rules' | 'too-many-regex-rules' | 'too-many-chunks';
  message: string;
}

export interface CategoryStats {
  domains: number;
  rules: number;
}

/** One stored chunk of a downloaded list: at most `maxDomainsPerRule` hosts, known by content hash. */
export interface ListChunkRef {
  key: string;
  hash: string;
  count: number;
  /**
   * Sort keys (reversed labels, see lists/reduce.ts) of the chunk's first and last host, so the
   * chunk that may hold a host is found without reading any. Absent in records stored before.
   */
  first?: string;
  last?: string;
}

/**
 * A rule whose `requestDomains` are a stored list chunk. `rule` is complete except for them; the
 * installer adds `requestDomains` from the chunk when (and only when) it has to send the rule.
 */
export interface ChunkRule {
  rule: DnrRule;
  chunk: ListChunkRef;
}

export interface CompileResult {
  rules: DnrRule[];
  /** Rules for list-feed chunks, already within Chrome's limits together with `rules`. */
  chunkRules: ChunkRule[];
  /**
   * Rules left out to stay within Chrome's limits, least important first (AdGuard's converter calls these
   * limitations too). The compiler has no other failure: bad hosts were already dropped by policy resolution.
   */
  limitations: CompileIssue[];
  stats: {
    categories: Partial<Record<Category, CategoryStats>>;
    schoolBlock: number;
    schoolAllow: number;
    totalDomains: number;
  };
}

const ALL_TYPES: ResourceType[] = [...FRAME_TYPES, ...SUBRESOURCE_TYPES];

/** What host-based declarative filtering cannot see, whatever the policy; shown on the status page so staff know. */
export const FILTER_BLIND_SPOTS = [
  "Pages a site's own service worker serves from its cache are not seen by the filter until the site is next fetched.",
  'Filtering is by host name: a single page on an otherwise allowed site cannot be blocked on its own.',
];

/**
 * Compiles an effective policy and its category domain sets into declarativeNetRequest dynamic
 * rules. Pure and total: it never throws; what it cannot fit is reported in `limitations`.
 */
export function compileRules(input: CompileInput): CompileResult {
  const { policy, blockPageUrl } = input;
  const limits = input.limits ?? CHROME_DNR_LIMITS;
  const limitations: CompileIssue[] = [];
  const rules: DnrRule[] = [];
  const stats: CompileResult['stats'] = { categories: {}, schoolBlock: 0, schoolAllow: 0, totalDomains: 0 };

  const redirectTo = (reason: BlockReason) => ({
    type: 'redirect' as const,
    redirect: { regexSubstitution: `${blockPageUrl}${blockedHashPrefix(reason)}\\0` },
  });

  // Categories, most important first, so a limit cuts the least important.
  const enabled = new Set<Category>([ILLEGAL_CATEGORY, ...policy.categories]);
  const categoryRules: (DnrRule | ChunkRule)[][] = [];
  for (const category of CATEGORIES) {
    if (!enabled.has(category)) continue;
    const domains = collectCategory(category, input);
    const chunks = chunk(domains, limits.maxDomainsPerRule);
    const listChunks = input.listChunks?.[category] ?? [];
    const listDomains = listChunks.reduce((sum, c) => sum + c.count, 0);
    const room = MAX_CHUNKS_PER_CATEGORY - chunks.length;
    if (chunks.length > MAX_CHUNKS_PER_CATEGORY || listChunks.length > Math.max(0, room)) {
      limitations.push({
        code: 'too-many-chunks',
        message: `${category}: ${domains.length + listDomains} domains need more than ${MAX_CHUNKS_PER_CATEGORY} rules; the rest were left out.`,
      });
      chunks.length = Math.min(chunks.length, MAX_CHUNKS_PER_CATEGORY);
    }
    const priority = category === ILLEGAL_CATEGORY ? PRIORITY.ILLEGAL_BLOCK : PRIORITY.CATEGORY_BLOCK;
    const pair = (index: number, requestDomains: string[] | undefined): [DnrRule, DnrRule] => [
      {
        id: categoryRuleId(category, index, 'frames'),
        priority,
        action: redirectTo({ kind: 'category', category }),
        condition: { regexFilter: '^.*$', ...(requestDomains ? { requestDomains } : {}), resourceTypes: [...FRAME_TYPES] },
      },
      {
        id: categoryRuleId(category, index, 'subresources'),
        priority,
        action: { type: 'block' },
        condition: { ...(requestDomains ? { requestDomains } : {}), resourceTypes: [...SUBRESOURCE_TYPES] },
      },
    ];
    const own: (DnrRule | ChunkRule)[] = [];
    chunks.forEach((requestDomains, index) => own.push(...pair(index, requestDomains)));
    // List chunks take the IDs after the built-in ones, so they keep their IDs while the
    // school edits its own (short) category entries.
    listChunks.slice(0, Math.max(0, room)).forEach((ref, offset) => {
      for (const rule of pair(chunks.length + offset, undefined)) own.push({ rule, chunk: ref });
    });
    const shownDomains = domains.length + listChunks.slice(0, Math.max(0, room)).reduce((sum, c) => sum + c.count, 0);
    stats.categories[category] = { domains: shownDomains, rules: own.length };
    stats.totalDomains += shownDomains;
    categoryRules.push(own);
  }

  const blockSet = new Set(policy.blockDomains);
  const allowSet = new Set(policy.allowDomains);
  if (policy.blockDomains.length > 0) {
    rules.push(
      {
        id: RULE_ID.SCHOOL_BLOCK_FRAMES,
        priority: PRIORITY.SCHOOL_BLOCK,
        action: redirectTo({ kind: 'school' }),
        condition: { regexFilter: '^.*$', requestDomains: [...policy.blockDomains], resourceTypes: [...FRAME_TYPES] },
      },
      {
        id: RULE_ID.SCHOOL_BLOCK_SUBRESOURCES,
        priority: PRIORITY.SCHOOL_BLOCK,
        action: { type: 'block' },
        condition: { requestDomains: [...policy.blockDomains], resourceTypes: [...SUBRESOURCE_TYPES] },
      },
    );
  }
  if (policy.allowDomains.length > 0) {
    // The more specific entry wins: blocking `games.example.org` under an allowed `example.org`.
    const carveOuts = policy.blockDomains.filter((host) => coveringParent(allowSet, host) !== undefined);
    rules.push({
      id: RULE_ID.SCHOOL_ALLOW,
      priority: PRIORITY.SCHOOL_ALLOW,
      action: { type: 'allow' },
      condition: {
        requestDomains: [...policy.allowDomains],
        ...(carveOuts.length > 0 ? { excludedRequestDomains: carveOuts } : {}),
        resourceTypes: [...ALL_TYPES],
      },
    });
  }
  stats.schoolBlock = policy.blockDomains.length;
  stats.schoolAllow = policy.allowDomains.length;

  if (policy.approvedSitesOnly) {
    rules.push(
      {
        id: RULE_ID.APPROVED_ONLY_CATCH_ALL,
        priority: PRIORITY.APPROVED_ONLY_CATCH_ALL,
        action: redirectTo({ kind: 'approved-only' }),
        condition: { regexFilter: '^https?://.*$', resourceTypes: ['main_frame'] },
      },
      {
        id: RULE_ID.APPROVED_SITES_ALLOW,
        priority: PRIORITY.APPROVED_SITES_ALLOW,
        action: { type: 'allow' },
        condition: {
          requestDomains: [...CHILDREN_LEARNING_SITES, ...ESSENTIAL_PLATFORM_SITES],
          resourceTypes: ['main_frame'],
        },
      },
    );
  }

  rules.push(
    ...compileSafeSearchRules({
      safeSearch: policy.safeSearch,
      youtubeRestrict: policy.youtubeRestrict,
      isBlocked: (host) => isCoveredBy(blockSet, host),
      blockedPage: redirectTo,
    }),
  );

  const fitted = fitWithinLimits(rules, categoryRules, limits, limitations);
  return {
    rules: fitted.filter((r): r is DnrRule => !isChunkRule(r)),
    chunkRules: fitted.filter(isChunkRule),
    limitations,
    stats,
  };
}

function isChunkRule(item: DnrRule | ChunkRule): item is ChunkRule {
  return 'chunk' in item;
}

/** Built-in, school and feed hosts of one category: de-duplicated, subdomains of listed parents dropped. */
function collectCategory(category: Category, input: CompileInput): string[] {
  const feed = input.feedDomains?.[category];
  const table = feed instanceof DomainTable ? feed : new DomainTable(PUBLIC_SUFFIXES);
  if (!input.withoutBuiltins) for (const host of BUILTIN_CATEGORY_DOMAINS[category]) table.addHost(host);
  for (const host of input.policy.categoryDomains[category] ?? []) table.addHost(host);
  if (feed && !(feed instanceof DomainTable)) for (const host of feed) table.addHost(host);
  return table.keptHosts();
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Checks Chrome's rule-count limits before the browser does, for rules as they will be installed
 * (see tiers.ts): a session-tier rule is also copied into dynamic rules, so it counts in both, and
 * twice against the regex limit that dynamic and session rules share. School rules, safe search
 * and illegal content always fit; categories are dropped from the least important end.
 */
function fitWithinLimits(
  fixed: DnrRule[],
  byCategory: (DnrRule | ChunkRule)[][],
  limits: DnrLimits,
  leftOut: CompileIssue[],
): (DnrRule | ChunkRule)[] {
  const budget = {
    dynamic: limits.maxDynamicRules,
    unsafeDynamic: limits.maxUnsafeDynamicRules,
    // The silencer is one more session rule.
    session: limits.maxSessionRules - limits.reservedSessionRules - 1,
    unsafeSession: limits.maxUnsafeSessionRules - limits.reservedSessionRegexRules,
    regex: limits.maxRegexRules - limits.reservedSessionRegexRules,
  };
  const costOf = (rule: DnrRule, isChunk: boolean) => {
    const inSession = !isChunk && isSessionTierRule(rule);
    const unsafe = isUnsafeRule(rule) ? 1 : 0;
    const regex = rule.condition.regexFilter !== undefined ? 1 : 0;
    return {
      dynamic: 1,
      unsafeDynamic: unsafe,
      session: inSession ? 1 : 0,
      unsafeSession: inSession ? unsafe : 0,
      regex: inSession ? regex * 2 : regex,
    };
  };
  const take = (cost: ReturnType<typeof costOf>) => {
    for (const key of Object.keys(cost) as (keyof typeof cost)[]) budget[key] -= cost[key];
  };
  const out: (DnrRule | ChunkRule)[] = [...fixed];
  for (const rule of fixed) take(costOf(rule, false));
  const MESSAGES: Record<keyof typeof budget, [CompileIssue['code'], string]> = {
    dynamic: ['too-many-rules', `Chrome allows ${limits.maxDynamicRules} dynamic rules`],
    unsafeDynamic: ['too-many-unsafe-rules', `Chrome allows ${limits.maxUnsafeDynamicRules} redirect rules`],
    session: [
      'too-many-rules',
      `Chrome allows ${limits.maxSessionRules} session rules, ${limits.reservedSessionRules} of them kept for reports and lesson unlocks`,
    ],
    unsafeSession: ['too-many-unsafe-rules', `Chrome allows ${limits.maxUnsafeSessionRules} redirect session rules`],
    regex: [
      'too-many-regex-rules',
      `Chrome allows ${limits.maxRegexRules} regular-expression rules, ${limits.reservedSessionRegexRules} of them kept for reported sites`,
    ],
  };
  for (const group of byCategory) {
    for (const item of group) {
      const isChunk = isChunkRule(item);
      const rule = isChunk ? item.rule : item;
      const cost = costOf(rule, isChunk);
      const over = (Object.keys(cost) as (keyof typeof cost)[]).find((key) => cost[key] > budget[key]);
      if (over) {
        const [code, why] = MESSAGES[over];
        leftOut.push({ code, message: `Rule ${rule.id} left out: ${why}.` });
        continue;
      }
      take(cost);
      out.push(item);
    }
  }
  return out;
}
