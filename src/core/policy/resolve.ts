import type { z } from 'zod';
import { CATEGORIES, CATEGORY_DESCRIPTIONS, ILLEGAL_CATEGORY, type Category } from '../categories';
import { HOST_REJECTION_MESSAGES, normalizeHost } from '../domain';
import type { KeyStage } from '../key-stages';
import { floorCategories, KEY_STAGE_PROFILES } from '../profiles';
import { resolveCategoryPageKinds, type CategoryPageKinds } from '../page-kinds';
import { DEFAULT_SCHOOL_HOURS, type SchoolHours } from '../school-hours';
import { POLICY_KEYS, policySchema, type Policy, type ProfileOverride, type SafeSearchLevel } from './schema';
import { resolveMonitoring, type MonitorSettings } from '../monitor/settings';

/** One problem found in a policy, in words an IT technician can act on. */
export interface PolicyIssue {
  /** Where in the policy, e.g. `profiles.KS2.blockDomains[3]`. */
  path: string;
  message: string;
  /** `error`: the whole policy was refused. `warning`: that entry was skipped. */
  severity: 'error' | 'warning';
}

/** What the filter enforces once defaults and school settings are combined. */
export interface EffectivePolicy {
  keyStage: KeyStage;
  schoolId: string | undefined;
  schoolName: string | undefined;
  approvedSitesOnly: boolean;
  /** In CATEGORIES order; always contains `illegal`. */
  categories: Category[];
  blockDomains: string[];
  allowDomains: string[];
  /** Sites the school added to categories, by category. */
  categoryDomains: Partial<Record<Category, string[]>>;
  safeSearch: SafeSearchLevel;
  youtubeRestrict: SafeSearchLevel;
  adults: { role: string; name: string }[];
  endpoint: Policy['endpoint'];
  unlockPinHash: string | undefined;
  /** Category list feeds with usable addresses; illegalContentFeeds are included as category `illegal`. */
  lists: ListFeed[];
  listRefreshHours: number;
  listShrinkGuardPercent: number;
  /** The school's extra over-blocking guard entries, normalised. */
  protectedDomains: string[];
  /** On-device monitoring for this key stage (src/core/monitor/settings.ts); its `sendTerms` is the alert opt-in. */
  monitoring: MonitorSettings;
  /** The blocked page, the pupil's report and the adult's unlock. */
  unlockCodeSecret: string | undefined;
  schoolHours: SchoolHours;
  /** Opt-ins for what report and alert events may carry (off unless the school sets them), and the report's shared platforms. */
  reports: { sendPageAddress: boolean; sharedPlatforms: string[] };
  /** Which pupil page each category gets, after the school's `pageKinds`. */
  categoryPageKinds: CategoryPageKinds;
}

export interface ListFeed {
  category: Category;
  url: string;
  format: 'domains' | 'hosts' | 'adblock';
  /** Supplier of a licensed illegal-content feed. */
  name?: string;
}

export const LIST_REFRESH_HOURS_DEFAULT = 24;
export const LIST_SHRINK_GUARD_PERCENT_DEFAULT = 50;

export type PolicyResolution =
  { kind: 'empty' } | { kind: 'invalid'; issues: PolicyIssue[] } | { kind: 'valid'; policy: EffectivePolicy; issues: PolicyIssue[] };

/**
 * Validates a raw managed-storage object and combines it with the key stage's defaults. Never
 * throws: a structural problem gives `invalid` (the caller keeps enforcing the last good policy),
 * a bad single entry is skipped with a warning.
 */
export function resolvePolicy(raw: unknown): PolicyResolution {
  if (raw === null || raw === undefined || (typeof raw === 'object' && Object.keys(raw).length === 0)) {
    return { kind: 'empty' };
  }
  const parsed = policySchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    return {
      kind: 'invalid',
      issues: parsed.error.issues.map((issue) => ({
        path: formatPath(issue.path),
        message: plainMessage(issue),
        severity: 'error' as const,
      })),
    };
  }
  const issues: PolicyIssue[] = unknownKeyWarnings(raw as Record<string, unknown>);
  return { kind: 'valid', policy: combine(parsed.data, issues), issues };
}

/** The policy enforced when no valid policy has ever been read: the strictest key stage, no school settings. */
export function defaultPolicy(keyStage: KeyStage): EffectivePolicy {
  return combine({ keyStage }, []);
}

function combine(policy: Policy, issues: PolicyIssue[]): EffectivePolicy {
  const keyStage = policy.keyStage;
  const profile = KEY_STAGE_PROFILES[keyStage];
  const override: ProfileOverride = policy.profiles?.[keyStage] ?? {};
  const overridePath = `profiles.${keyStage}`;

  const categories = new Set<Category>(profile.categories);
  for (const category of [...(policy.addCategories ?? []), ...(override.addCategories ?? [])]) categories.add(category);
  const floor = new Set(floorCategories(keyStage));
  const removals: [string, Category[] | undefined][] = [
    ['removeCategories', policy.removeCategories],
    [`${overridePath}.removeCategories`, override.removeCategories],
  ];
  for (const [path, list] of removals) {
    list?.forEach((category, index) => {
      if (floor.has(category)) {
        issues.push({
          path: `${path}[${index}]`,
          message: `"${category}" (${CATEGORY_DESCRIPTIONS[category]}) cannot be turned off for ${keyStage}. Allow single sites with allowDomains instead.`,
          severity: 'warning',
        });
      } else {
        categories.delete(category);
      }
    });
  }

  const categoryDomains: Partial<Record<Category, string[]>> = {};
  const addCategoryDomains = (entries: Policy['categoryDomains'], path: string) =>
    entries?.forEach((entry, index) => {
      const hosts = normalizeHosts(entry.domains, `${path}[${index}].domains`, issues);
      categoryDomains[entry.category] = [...(categoryDomains[entry.category] ?? []), ...hosts];
    });
  addCategoryDomains(policy.categoryDomains, 'categoryDomains');
  addCategoryDomains(override.categoryDomains, `${overridePath}.categoryDomains`);

  return {
    keyStage,
    schoolId: policy.schoolId,
    schoolName: policy.schoolName,
    approvedSitesOnly: override.approvedSitesOnly ?? policy.approvedSitesOnly ?? profile.approvedSitesOnly,
    categories: CATEGORIES.filter((c) => categories.has(c)),
    blockDomains: unique([
      ...normalizeHosts(policy.blockDomains, 'blockDomains', issues),
      ...normalizeHosts(override.blockDomains, `${overridePath}.blockDomains`, issues),
    ]),
    allowDomains: unique([
      ...normalizeHosts(policy.allowDomains, 'allowDomains', issues),
      ...normalizeHosts(override.allowDomains, `${overridePath}.allowDomains`, issues),
    ]),
    categoryDomains,
    safeSearch: override.safeSearch ?? policy.safeSearch ?? profile.safeSearch,
    youtubeRestrict: override.youtubeRestrict ?? policy.youtubeRestrict ?? profile.youtubeRestrict,
    adults: policy.adults ?? [],
    endpoint: policy.endpoint,
    unlockPinHash: policy.unlockPinHash,
    lists: feedsOf(policy, issues),
    listRefreshHours: policy.listRefreshHours ?? LIST_REFRESH_HOURS_DEFAULT,
    listShrinkGuardPercent: policy.listShrinkGuardPercent ?? LIST_SHRINK_GUARD_PERCENT_DEFAULT,
    protectedDomains: unique(normalizeHosts(policy.protectedDomains, 'protectedDomains', issues)),
    monitoring: resolveMonitoring(keyStage, policy.monitoring, override.monitoring, policy.monitorTerms, (entries, path) =>
      normalizeHosts(entries, path, issues),
    ),
    ...pupilPageSettingsOf(policy, issues),
  };
}

function pupilPageSettingsOf(
  policy: Policy,
  issues: PolicyIssue[],
): Pick<EffectivePolicy, 'unlockCodeSecret' | 'schoolHours' | 'reports' | 'categoryPageKinds'> {
  const { kinds, refused } = resolveCategoryPageKinds(policy.pageKinds ?? {});
  for (const category of refused) {
    issues.push({
      path: `pageKinds.notForSchool[${policy.pageKinds?.notForSchool?.indexOf(category) ?? 0}]`,
      message: `"${category}" (${CATEGORY_DESCRIPTIONS[category]}) always gets the harmful page ("turn off the screen and tell an adult"); it was left there.`,
      severity: 'warning',
    });
  }
  return {
    unlockCodeSecret: policy.unlockCodeSecret?.replace(/[\s=]/g, '').toUpperCase(),
    schoolHours: policy.schoolHours ? { days: DEFAULT_SCHOOL_HOURS.days, ...policy.schoolHours } : DEFAULT_SCHOOL_HOURS,
    reports: {
      sendPageAddress: policy.reports?.sendPageAddress === true,
      sharedPlatforms: unique(normalizeHosts(policy.reports?.sharedPlatforms, 'reports.sharedPlatforms', issues)),
    },
    categoryPageKinds: kinds,
  };
}

/** HTTPS only; plain HTTP just for loopback test servers, like the events endpoint. */
export function isUsableFeedUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'https:') return true;
    return parsed.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
  } catch {
    return false;
  }
}

function feedsOf(policy: Policy, issues: PolicyIssue[]): ListFeed[] {
  const feeds: ListFeed[] = [];
  const seen = new Set<string>();
  const add = (feed: ListFeed, path: string) => {
    if (!isUsableFeedUrl(feed.url)) {
      issues.push({
        path: `${path}.url`,
        message: `"${feed.url.slice(0, 80)}" is not an https:// address; this list was skipped.`,
        severity: 'warning',
      });
      return;
    }
    const key = `${feed.category} ${feed.format} ${feed.url}`;
    if (seen.has(key)) return;
    seen.add(key);
    feeds.push(feed);
  };
  policy.illegalContentFeeds?.forEach((feed, index) =>
    add(
      { category: ILLEGAL_CATEGORY, url: feed.url, format: feed.format, ...(feed.name ? { name: feed.name } : {}) },
      `illegalContentFeeds[${index}]`,
    ),
  );
  policy.lists?.forEach((feed, index) => add({ category: feed.category, url: feed.url, format: feed.format }, `lists[${index}]`));
  return feeds;
}

function normalizeHosts(entries: string[] | undefined, path: string, issues: PolicyIssue[]): string[] {
  const hosts: string[] = [];
  entries?.forEach((entry, index) => {
    const result = normalizeHost(entry);
    if (result.ok) hosts.push(result.host);
    else
      issues.push({
        path: `${path}[${index}]`,
        message: `"${entry.slice(0, 80)}" ${HOST_REJECTION_MESSAGES[result.reason]}; skipped.`,
        severity: 'warning',
      });
  });
  return hosts;
}

function unknownKeyWarnings(raw: Record<string, unknown>): PolicyIssue[] {
  const known = new Set<string>(POLICY_KEYS);
  return Object.keys(raw)
    .filter((key) => !known.has(key))
    .map((key) => ({
      path: key,
      message: `"${key}" is not a policy setting and was ignored. Check the spelling against the README.`,
      severity: 'warning' as const,
    }));
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function formatPath(path: readonly PropertyKey[]): string {
  return (
    path.reduce<string>((out, part) => {
      if (typeof part === 'number') return `${out}[${part}]`;
      return out === '' ? String(part) : `${out}.${String(part)}`;
    }, '') || '(policy)'
  );
}

/** zod's messages are for developers; say the same for an IT technician. */
function plainMessage(issue: z.core.$ZodIssue): string {
  const name = formatPath(issue.path);
  const input = (issue as { input?: unknown }).input;
  if (issue.path.length === 1 && issue.path[0] === 'keyStage' && input === undefined) {
    return 'keyStage is missing: say which key stage these devices are for (EYFS, KS1, KS2, KS3, KS4, KS5 or STAFF).';
  }
  if (input === undefined && issue.code === 'invalid_type') return `${name} is missing.`;
  if (issue.code === 'invalid_value' && 'values' in issue) {
    return `${name} is ${JSON.stringify(input)}, but must be one of: ${issue.values.map(String).join(', ')}.`;
  }
  if (issue.code === 'invalid_type') {
    const got = Array.isArray(input) ? 'a list' : input === null ? 'null' : `a ${typeof input}`;
    return `${name} must be ${issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}, but is ${got}.`;
  }
  return `${name}: ${issue.message}`;
}
