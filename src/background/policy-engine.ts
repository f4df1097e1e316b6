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
import { STRICTEST_RULESET_ID, strictestRulesetSwitch } from '@/src/core/rules/strictest-ruleset';
import type { FilterStatus } from '@/src/core/status';
import type { EventRecorder } from './event-recorder';
import { createManagedPolicyReader, type ManagedAnswer } from './managed-policy-reader';
import { createRuleInstaller, type RuleInstaller } from './rule-installer';

export type RefreshTrigger = 'install' | 'startup' | 'policy-changed' | 'policy-arrived' | 'alarm' | 'retry' | 'lists-updated';

/** The policy whose rules are in force, and where it came from. */
export interface EnforcedPolicy {
  policy: EffectivePolicy;
  source: PolicySource;
}

export interface PolicyEngineDeps {
  dnr: DnrPort;
  /** The browser read of the admin policy (src/adapters/managed-policy.ts); never rejects. */
  readManagedPolicy(): Promise<unknown>;
  state: StateStore;
  audit: AuditLog;
  /** This device's blocked page, with its key: where blocked navigations land. */
  blockPageUrl(): Promise<string>;
  now(): Date;
  /** Resolves after `ms`; the patience for Chrome's answer is timed with it (tests pass their own clock). */
  sleep?(ms: number): Promise<void>;
  /** Overrides MANAGED_READ_PATIENCE_MS (tests). */
  managedReadPatienceMs?: number;
  /** Hosts from list feeds per category (the benchmark's injected feed); none by default. */
  feedDomains?(policy: EffectivePolicy): Promise<Partial<Record<Category, Iterable<string>>>>;
  /** Stored, precompiled list chunks per category (issue 5); none by default. */
  listChunks?(policy: EffectivePolicy): Promise<Partial<Record<Category, ListChunkRef[]>>>;
  /** The hosts of one stored chunk, read only when its rules must be (re)sent. */
  loadChunk?(key: string): Promise<string[] | null>;
  /** Overrides MAX_DOMAINS_PER_INSTALL_CALL (tests). */
  maxDomainsPerInstallCall?: number;
  /** The session tier's fingerprints; storage.session unless a test passes its own. */
  sessionMemory?: SessionMemory;
  /** Static rulesets declared in the manifest: the strictest profile and any lists baked in (LISTS_DIR). */
  staticRulesets?: readonly string[];
  /** Size, age and last error of each list feed, for the status page. */
  listStatuses?(policy: EffectivePolicy): Promise<ListStatus[]>;
  /** Receives a `policy-error` event when a newly read policy is refused (events issue). */
  events?: EventRecorder;
  /**
   * Called when a policy read from Chrome (or the fallback while Chrome has not answered) puts a
   * different policy in force than before in this worker life: list downloads and event delivery
   * follow it. Not called for a re-apply with the same policy.
   */
  onPolicyApplied?(status: FilterStatus): void;
  /**
   * While Chrome has not answered: `arm` asks for a wake-up that refreshes again, so a worker
   * stopped before the answer came looks again; `clear` once it has answered.
   */
  pendingRecheck?: { arm(): Promise<void>; clear(): Promise<void> };
}

export interface PolicyEngine {
  /**
   * Reads the admin policy and installs its rules. If Chrome has not answered within the patience,
   * installs the last good policy (or the strictest) at once and resolves with that; the admin
   * policy is then applied the moment Chrome answers. Installs are serialised; a refused install is
   * reported in the status (`installError`), not thrown.
   */
  refresh(trigger: RefreshTrigger): Promise<FilterStatus>;
  /** Installs the policy in force again (list chunks re-read), without asking Chrome for the policy. */
  reapply(trigger: RefreshTrigger): Promise<FilterStatus>;
  /** The policy whose rules are in force; never waits on Chrome. */
  enforced(): Promise<EnforcedPolicy>;
  /** Resolves when the restart copy of the rules has been written (tests, benchmarks). */
  restartCopySettled(): Promise<void>;
}

/** What to enforce, and why. */
interface Decision {
  policy: EffectivePolicy;
  source: PolicySource;
  sourceReason: string | null;
  issues: PolicyIssue[];
  kind: AuditEntry['kind'];
  /** What Chrome answered; undefined while its answer is pending. */
  raw: unknown;
  /** When Chrome answered, or null while it has not. */
  receivedAt: Date | null;
  /** While Chrome has not answered: when the read began. */
  pendingSince: Date | null;
}

/**
 * Admin policy → effective policy → rules → installed in tiers (see rule-installer.ts), failing closed:
 * an empty or invalid policy keeps the last good one, or with none the strictest key stage; so does a
 * read Chrome holds back at start-up, until it answers. The one owner of the policy in force.
 */
export function createPolicyEngine(deps: PolicyEngineDeps): PolicyEngine {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const reader = createManagedPolicyReader({
    read: deps.readManagedPolicy,
    now: deps.now,
    sleep,
    ...(deps.managedReadPatienceMs !== undefined ? { patienceMs: deps.managedReadPatienceMs } : {}),
  });
  const installer = createRuleInstaller({
    dnr: deps.dnr,
    state: deps.state,
    sessionMemory: deps.sessionMemory ?? createSessionMemory(),
    now: deps.now,
    ...(deps.loadChunk ? { loadChunk: deps.loadChunk } : {}),
    ...(deps.maxDomainsPerInstallCall ? { maxDomainsPerInstallCall: deps.maxDomainsPerInstallCall } : {}),
  });
  /** In force in this worker life (null until the first install of this life). */
  const memory: { decision: Decision | null; status: FilterStatus | null; appliedSeq: number; appliedPolicy: string | null } = {
    decision: null,
    status: null,
    appliedSeq: 0,
    appliedPolicy: null,
  };
  const watched = new Set<number>();
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(job: () => Promise<T>): Promise<T> => {
    const run = queue.then(job);
    queue = run.catch(() => undefined);
    return run;
  };

  const put = async (trigger: RefreshTrigger, decision: Decision): Promise<FilterStatus> => {
    memory.decision = decision;
    const status = await installDecision(deps, installer, trigger, decision);
    memory.status = status;
    return status;
  };

  const announce = (status: FilterStatus, decision: Decision) => {
    const key = JSON.stringify(decision.policy);
    if (key === memory.appliedPolicy) return;
    memory.appliedPolicy = key;
    deps.onPolicyApplied?.(status);
  };

  /** Applies what Chrome answered, unless a read that began later was applied already. */
  const applyAnswer = (trigger: RefreshTrigger, answer: ManagedAnswer) =>
    serial(async () => {
      if (answer.seq < memory.appliedSeq && memory.status) return memory.status;
      memory.appliedSeq = answer.seq;
      const decision = await decide(deps, answer.raw, answer.at);
      const status = await put(trigger, decision);
      announce(status, decision);
      return status;
    });

  /** Chrome has not answered: enforce the last good policy (or the strictest) now, unless this worker life already has. */
  const applyPending = (trigger: RefreshTrigger, since: Date) =>
    serial(async () => {
      if (memory.decision && memory.status) return memory.status;
      const decision = await fallback(deps, PENDING_WHY, 'policy-pending', [], since);
      const status = await put(trigger, decision);
      announce(status, decision);
      return status;
    });

  async function refresh(trigger: RefreshTrigger): Promise<FilterStatus> {
    // After storage.onChanged the answer must be read after the change: a fresh read.
    const read = await reader.read({ fresh: trigger === 'policy-changed' });
    if (read.kind === 'answered') {
      void deps.pendingRecheck?.clear().catch(() => undefined);
      return applyAnswer(trigger, read);
    }
    if (!watched.has(read.seq)) {
      watched.add(read.seq);
      void read.answer
        .then((answer) => applyAnswer('policy-arrived', answer))
        .then(() => deps.pendingRecheck?.clear())
        .catch((error: unknown) => console.error('Applying the admin policy failed', error));
    }
    void deps.pendingRecheck?.arm().catch(() => undefined);
    return applyPending(trigger, read.since);
  }

  return {
    refresh,
    async reapply(trigger) {
      const inForce = memory.decision;
      if (!inForce) return refresh(trigger);
      // The newest decision when this install's turn comes (a refresh queued before may replace it).
      return serial(() => put(trigger, memory.decision ?? inForce));
    },
    async enforced() {
      return memory.decision ? { policy: memory.decision.policy, source: memory.decision.source } : enforcedFromState(deps.state);
    },
    restartCopySettled: () => installer.restartCopySettled(),
  };
}

/**
 * The policy in force as the last install left it, for a worker woken by an event (a blocked page,
 * a report, an alarm) before it has installed anything itself: the rules it installed are still in.
 */
async function enforcedFromState(state: StateStore): Promise<EnforcedPolicy> {
  const status = await state.get('status');
  const lastGood = await state.get('lastGoodPolicy');
  if (status && status.source !== 'default' && lastGood) {
    const resolved = resolvePolicy(lastGood.raw);
    if (resolved.kind === 'valid') return { policy: resolved.policy, source: status.source };
  }
  return { policy: defaultPolicy(STRICTEST_KEY_STAGE), source: 'default' };
}

const PENDING_WHY = 'Chrome has not delivered the admin policy yet: it holds policy back until the browser has finished starting.';

async function decide(deps: PolicyEngineDeps, raw: unknown, receivedAt: Date): Promise<Decision> {
  const resolution = resolvePolicy(raw);
  if (resolution.kind === 'valid') {
    return {
      policy: resolution.policy,
      source: 'admin',
      sourceReason: null,
      issues: resolution.issues,
      kind: 'policy-applied',
      raw,
      receivedAt,
      pendingSince: null,
    };
  }
  const issues = resolution.kind === 'invalid' ? resolution.issues : [];
  const why = resolution.kind === 'invalid' ? 'The admin policy has errors, so it was not used.' : 'No admin policy has been received.';
  const decision = await fallback(deps, why, resolution.kind === 'invalid' ? 'policy-rejected' : 'policy-missing', issues, null);
  return { ...decision, raw, receivedAt };
}

/** The last good policy, or with none the strictest profile, for `why`. */
async function fallback(
  deps: PolicyEngineDeps,
  why: string,
  kind: AuditEntry['kind'],
  issues: PolicyIssue[],
  pendingSince: Date | null,
): Promise<Decision> {
  const lastGood = await deps.state.get('lastGoodPolicy');
  const resolved = lastGood ? resolvePolicy(lastGood.raw) : null;
  const common = { issues, kind, raw: undefined, receivedAt: null, pendingSince };
  if (lastGood && resolved?.kind === 'valid') {
    return {
      ...common,
      policy: resolved.policy,
      source: 'last-good',
      sourceReason: `${why} Enforcing the last good policy from ${lastGood.at}.`,
    };
  }
  return {
    ...common,
    policy: defaultPolicy(STRICTEST_KEY_STAGE),
    source: 'default',
    sourceReason: `${why} Enforcing the strictest profile (${STRICTEST_KEY_STAGE}, approved sites only) until a valid policy arrives.`,
  };
}

/**
 * Switches the static rulesets for the decision: the lists baked in for its categories, and the
 * strictest ruleset off once a valid policy's rules are in (on while only the strictest profile
 * can be enforced). Called after the rules are installed, so protection never drops in between.
 */
async function switchStaticRulesets(
  deps: PolicyEngineDeps,
  decision: Decision,
): Promise<{ enabled: string[]; changed: boolean } | undefined> {
  const declared = deps.staticRulesets ?? [];
  if (declared.length === 0 || !deps.dnr.getEnabledRulesets || !deps.dnr.updateEnabledRulesets) return undefined;
  const enabledNow = await deps.dnr.getEnabledRulesets();
  const lists = planStaticRulesets(declared, enabledNow, decision.policy.categories);
  const strictest = strictestRulesetSwitch(declared, enabledNow, decision.source === 'default');
  if (!lists && !strictest) return { enabled: enabledNow, changed: false };
  await deps.dnr.updateEnabledRulesets({
    enableRulesetIds: [...(lists?.enableRulesetIds ?? []), ...(strictest?.enableRulesetIds ?? [])],
    disableRulesetIds: [...(lists?.disableRulesetIds ?? []), ...(strictest?.disableRulesetIds ?? [])],
  });
  return { enabled: await deps.dnr.getEnabledRulesets(), changed: true };
}

async function installDecision(
  deps: PolicyEngineDeps,
  installer: RuleInstaller,
  trigger: RefreshTrigger,
  decision: Decision,
): Promise<FilterStatus> {
  const refreshStarted = Date.now();
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
  let staticRulesets: Awaited<ReturnType<typeof switchStaticRulesets>>;
  // When the new rules were in force: after the install, or after the static switch when there was one.
  let installedAt = '';
  try {
    const report = await installer.install(compiled);
    installedAt = deps.now().toISOString();
    staticRulesets = await switchStaticRulesets(deps, decision);
    if (staticRulesets?.changed) installedAt = deps.now().toISOString();
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

  // Nothing was read while Chrome holds the policy back; an empty read is usually Chrome not having
  // loaded policy yet. Neither is a change worth logging.
  const pending = decision.pendingSince !== null;
  const readNothing = pending || decision.kind === 'policy-missing';
  const previousRaw = await deps.state.get('lastSeenPolicy');
  const changes = readNothing ? [] : diffPolicies(previousRaw ?? {}, decision.raw ?? {});
  const previousStatus = await deps.state.get('status');
  // The last good policy enforced while Chrome held the read back, then delivered unchanged: no change.
  const sameAsWhilePending =
    previousStatus?.policyPendingSince != null &&
    previousStatus.source === 'last-good' &&
    decision.source === 'admin' &&
    changes.length === 0;
  const sourceChanged =
    !sameAsWhilePending && (previousStatus?.source !== decision.source || previousStatus?.keyStage !== decision.policy.keyStage);
  if (deps.events && decision.kind === 'policy-rejected' && errorKey(decision.issues) !== errorKey(previousStatus?.issues ?? [])) {
    // Only a new rejection: the same broken policy read again on every refresh is not news.
    const errors = decision.issues.filter((i) => i.severity === 'error');
    await deps.events.record({
      type: 'policy-error',
      detail: { errors: errors.length, firstPath: (errors[0]?.path ?? '').replace(/[^A-Za-z0-9._-]/g, '.').slice(0, 64) },
    });
  }
  if (changes.length > 0 || (sourceChanged && !pending) || installError || trigger === 'install') {
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

  const rulesChanged =
    lastInstall !== undefined && (lastInstall.rulesSent > 0 || lastInstall.rulesRemoved > 0 || staticRulesets?.changed === true);
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
    policyPendingSince: decision.pendingSince?.toISOString() ?? null,
    policyReceivedAt: decision.receivedAt?.toISOString() ?? previousStatus?.policyReceivedAt ?? null,
    // Failed or unchanged, the rules in force are the ones installed before.
    inForceSince: rulesChanged || !previousStatus ? installedAt || at : previousStatus.inForceSince,
    ...(deps.listStatuses && decision.policy.lists.length > 0 ? { lists: await deps.listStatuses(decision.policy) } : {}),
    ...(lastInstall ? { lastInstall } : {}),
    ...(staticRulesets
      ? {
          bakedListsEnabled: staticRulesets.enabled.filter((id) => id !== STRICTEST_RULESET_ID),
          strictestRulesetOn: staticRulesets.enabled.includes(STRICTEST_RULESET_ID),
        }
      : {}),
    refreshMs,
    timings: { compileMs, installMs },
  };
  // The last refresh that changed installed rules, kept across refreshes that changed nothing, so
  // staff (and benchmarks) can see what the last real switch cost.
  const lastRuleChange = rulesChanged
    ? {
        at,
        trigger,
        keyStage: decision.policy.keyStage,
        ms: refreshMs,
        rulesSent: lastInstall?.rulesSent ?? 0,
        chunkRulesSent: lastInstall?.chunkRulesSent ?? 0,
      }
    : previousStatus?.lastRuleChange;
  if (lastRuleChange) status.lastRuleChange = lastRuleChange;
  // Written after the install: the rules must never wait on storage (see createStateStore).
  await deps.state.set({
    ...(decision.source === 'admin' ? { lastGoodPolicy: { raw: decision.raw, at } } : {}),
    ...(readNothing ? { status } : { lastSeenPolicy: decision.raw, status }),
  });
  installer.startRestartCopy();
  return status;
}

function errorKey(issues: PolicyIssue[]): string {
  return JSON.stringify(issues.filter((i) => i.severity === 'error').map((i) => [i.path, i.message]));
}
