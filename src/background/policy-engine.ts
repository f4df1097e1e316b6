import type { AuditLog } from '@/src/adapters/audit-log';
import type { DnrPort } from '@/src/adapters/dnr-port';
import { createSessionMemory, type SessionMemory, type StateStore } from '@/src/adapters/state-store';
import type { AuditEntry, PolicySource } from '@/src/core/audit';
import type { Category } from '@/src/core/categories';
import { STRICTEST_KEY_STAGE } from '@/src/core/key-stages';
import { diffPolicies } from '@/src/core/policy/diff';
import { defaultPolicy, resolvePolicy, type EffectivePolicy, type PolicyIssue } from '@/src/core/policy/resolve';
import type { ListStatus } from '@/src/core/lists/list-record';
import { planStaticRulesets } from '@/src/core/lists/static-rulesets';
import { compileRules, type ListChunkRef } from '@/src/core/rules/compiler';
import type { FilterStatus } from '@/src/core/status';
import type { EventRecorder } from './event-recorder';
import { createRuleInstaller, type RuleInstaller } from './rule-installer';

export type RefreshTrigger = 'install' | 'startup' | 'policy-changed' | 'alarm' | 'retry' | 'lists-updated';

export interface PolicyEngineDeps {
  dnr: DnrPort;
  readManagedPolicy(): Promise<unknown>;
  state: StateStore;
  audit: AuditLog;
  /** This device's blocked page, with its key: where blocked navigations land. */
  blockPageUrl(): Promise<string>;
  now(): Date;
  /** Hosts from list feeds per category (lists issue); none by default. */
  feedDomains?(policy: EffectivePolicy): Promise<Partial<Record<Category, Iterable<string>>>>;
  /** Stored, precompiled list chunks per category (issue 5); none by default. */
  listChunks?(policy: EffectivePolicy): Promise<Partial<Record<Category, ListChunkRef[]>>>;
  /** The hosts of one stored chunk, read only when its rules must be (re)sent. */
  loadChunk?(key: string): Promise<string[] | null>;
  /** Overrides MAX_DOMAINS_PER_INSTALL_CALL (tests). */
  maxDomainsPerInstallCall?: number;
  /** The session tier's fingerprints; storage.session unless a test passes its own. */
  sessionMemory?: SessionMemory;
  /** Static rulesets baked into this build (LISTS_DIR), switched per policy with updateEnabledRulesets. */
  staticRulesets?: readonly string[];
  /** Size, age and last error of each list feed, for the status page. */
  listStatuses?(policy: EffectivePolicy): Promise<ListStatus[]>;
  /** Receives a `policy-error` event when a newly read policy is refused (events issue). */
  events?: EventRecorder;
}

export interface PolicyEngine {
  /** Reads the admin policy and installs its rules. Calls are serialised; never rejects. */
  refresh(trigger: RefreshTrigger): Promise<FilterStatus>;
  /** The policy the last refresh enforced, or null before the first. */
  lastPolicy(): EffectivePolicy | null;
  /** Resolves when the restart copy of the rules has been written (tests, benchmarks). */
  restartCopySettled(): Promise<void>;
}

/**
 * Admin policy → effective policy → rules → installed in tiers (see rule-installer.ts), failing closed:
 * an empty or invalid policy keeps the last good one, or with none the strictest key stage.
 */
export function createPolicyEngine(deps: PolicyEngineDeps): PolicyEngine {
  let queue: Promise<unknown> = Promise.resolve();
  const memory: { policy: EffectivePolicy | null } = { policy: null };
  const installer = createRuleInstaller({
    dnr: deps.dnr,
    state: deps.state,
    sessionMemory: deps.sessionMemory ?? createSessionMemory(),
    now: deps.now,
    ...(deps.loadChunk ? { loadChunk: deps.loadChunk } : {}),
    ...(deps.maxDomainsPerInstallCall ? { maxDomainsPerInstallCall: deps.maxDomainsPerInstallCall } : {}),
  });
  return {
    refresh(trigger) {
      const run = queue.then(() => refreshOnce(deps, installer, trigger, memory));
      queue = run.catch(() => undefined);
      return run;
    },
    lastPolicy: () => memory.policy,
    restartCopySettled: () => installer.restartCopySettled(),
  };
}

interface Decision {
  policy: EffectivePolicy;
  source: PolicySource;
  sourceReason: string | null;
  issues: PolicyIssue[];
  kind: AuditEntry['kind'];
}

async function decide(deps: PolicyEngineDeps, raw: unknown): Promise<Decision> {
  const resolution = resolvePolicy(raw);
  if (resolution.kind === 'valid') {
    return { policy: resolution.policy, source: 'admin', sourceReason: null, issues: resolution.issues, kind: 'policy-applied' };
  }
  const issues = resolution.kind === 'invalid' ? resolution.issues : [];
  const why = resolution.kind === 'invalid' ? 'The admin policy has errors, so it was not used.' : 'No admin policy has been received.';
  const lastGood = await deps.state.get('lastGoodPolicy');
  const fallback = lastGood ? resolvePolicy(lastGood.raw) : null;
  const kind = resolution.kind === 'invalid' ? 'policy-rejected' : 'policy-missing';
  if (lastGood && fallback?.kind === 'valid') {
    return {
      policy: fallback.policy,
      source: 'last-good',
      sourceReason: `${why} Enforcing the last good policy from ${lastGood.at}.`,
      issues,
      kind,
    };
  }
  return {
    policy: defaultPolicy(STRICTEST_KEY_STAGE),
    source: 'default',
    sourceReason: `${why} Enforcing the strictest profile (${STRICTEST_KEY_STAGE}, approved sites only) until a valid policy arrives.`,
    issues,
    kind,
  };
}

async function refreshOnce(
  deps: PolicyEngineDeps,
  installer: RuleInstaller,
  trigger: RefreshTrigger,
  memory: { policy: EffectivePolicy | null },
): Promise<FilterStatus> {
  const refreshStarted = Date.now();
  const raw = await deps.readManagedPolicy();
  const decision = await decide(deps, raw);
  memory.policy = decision.policy;
  const at = deps.now().toISOString();

  const compileStarted = performance.now();
  const compiled = compileRules({
    policy: decision.policy,
    blockPageUrl: await deps.blockPageUrl(),
    feedDomains: deps.feedDomains ? await deps.feedDomains(decision.policy) : {},
    listChunks: deps.listChunks ? await deps.listChunks(decision.policy) : {},
  });

  const installStarted = performance.now();
  const compileMs = installStarted - compileStarted;
  let installError: string | null = null;
  let lastInstall: FilterStatus['lastInstall'];
  let bakedLists: string[] | undefined;
  try {
    const report = await installer.install(compiled);
    if (deps.staticRulesets?.length && deps.dnr.getEnabledRulesets && deps.dnr.updateEnabledRulesets) {
      const switchPlan = planStaticRulesets(deps.staticRulesets, await deps.dnr.getEnabledRulesets(), decision.policy.categories);
      if (switchPlan) await deps.dnr.updateEnabledRulesets(switchPlan);
      bakedLists = await deps.dnr.getEnabledRulesets();
    }
    lastInstall = {
      rulesSent: report.rulesSent,
      chunkRulesSent: report.chunkRulesSent,
      rulesRemoved: report.rulesRemoved,
      ms: report.ms,
      restartCopy: report.restartCopy,
    };
  } catch (error) {
    installError = error instanceof Error ? error.message : String(error);
    // The browser kept the old rules; forget fingerprints so the next refresh re-checks them all.
    await deps.state.set({ appliedFingerprints: null });
  }
  const installMs = performance.now() - installStarted;

  // An empty read is usually Chrome not having loaded policy yet: not a change worth logging.
  const isEmptyRead = decision.kind === 'policy-missing';
  const previousRaw = await deps.state.get('lastSeenPolicy');
  const changes = isEmptyRead ? [] : diffPolicies(previousRaw ?? {}, raw ?? {});
  const previousStatus = await deps.state.get('status');
  const sourceChanged = previousStatus?.source !== decision.source || previousStatus?.keyStage !== decision.policy.keyStage;
  if (deps.events && decision.kind === 'policy-rejected' && errorKey(decision.issues) !== errorKey(previousStatus?.issues ?? [])) {
    // Only a new rejection: the same broken policy read again on every refresh is not news.
    const errors = decision.issues.filter((i) => i.severity === 'error');
    await deps.events.record({
      type: 'policy-error',
      detail: { errors: errors.length, firstPath: (errors[0]?.path ?? '').replace(/[^A-Za-z0-9._-]/g, '.').slice(0, 64) },
    });
  }
  if (changes.length > 0 || sourceChanged || installError || trigger === 'install') {
    await deps.audit.append({
      at,
      kind: installError ? 'rules-failed' : decision.kind,
      source: decision.source,
      keyStage: decision.policy.keyStage,
      changes,
      issues: decision.issues,
      ...(installError ? { detail: installError } : decision.sourceReason ? { detail: decision.sourceReason } : {}),
    });
  }

  const refreshMs = Date.now() - refreshStarted;
  const status: FilterStatus = {
    refreshedAt: at,
    source: decision.source,
    sourceReason: decision.sourceReason,
    keyStage: decision.policy.keyStage,
    approvedSitesOnly: decision.policy.approvedSitesOnly,
    schoolId: decision.policy.schoolId ?? null,
    schoolName: decision.policy.schoolName ?? null,
    issues: decision.issues,
    categories: compiled.stats.categories,
    schoolBlock: compiled.stats.schoolBlock,
    schoolAllow: compiled.stats.schoolAllow,
    safeSearch: decision.policy.safeSearch,
    youtubeRestrict: decision.policy.youtubeRestrict,
    ruleCount: compiled.rules.length + compiled.chunkRules.length,
    rulesLeftOut: compiled.limitations,
    installError,
    ...(deps.listStatuses && decision.policy.lists.length > 0 ? { lists: await deps.listStatuses(decision.policy) } : {}),
    ...(lastInstall ? { lastInstall } : {}),
    ...(bakedLists ? { bakedListsEnabled: bakedLists } : {}),
    refreshMs,
    timings: { compileMs, installMs },
  };
  // The last refresh that changed installed rules, kept across refreshes that changed nothing, so
  // staff (and benchmarks) can see what the last real switch cost.
  const lastRuleChange =
    lastInstall !== undefined && (lastInstall.rulesSent > 0 || lastInstall.rulesRemoved > 0)
      ? {
          at,
          trigger,
          keyStage: decision.policy.keyStage,
          ms: refreshMs,
          rulesSent: lastInstall.rulesSent,
          chunkRulesSent: lastInstall.chunkRulesSent,
        }
      : previousStatus?.lastRuleChange;
  if (lastRuleChange) status.lastRuleChange = lastRuleChange;
  // Written after the install: the rules must never wait on storage (see createStateStore).
  await deps.state.set({
    ...(decision.source === 'admin' ? { lastGoodPolicy: { raw, at } } : {}),
    ...(isEmptyRead ? { status } : { lastSeenPolicy: raw, status }),
  });
  installer.startRestartCopy();
  return status;
}

function errorKey(issues: PolicyIssue[]): string {
  return JSON.stringify(issues.filter((i) => i.severity === 'error').map((i) => [i.path, i.message]));
}
