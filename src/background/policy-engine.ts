import type { AuditLog } from '@/src/adapters/audit-log';
import type { DnrPort } from '@/src/adapters/dnr-port';
import { createSessionMemory, type SessionMemory, type StateStore } from '@/src/adapters/state-store';
import type { Category } from '@/src/core/categories';
import type { EffectivePolicy } from '@/src/core/policy/resolve';
import type { ListStatus } from '@/src/core/lists/list-record';
import type { ListChunkRef } from '@/src/core/rules/compiler';
import type { FilterStatus } from '@/src/core/status';
import type { EventRecorder } from './event-recorder';
import { createManagedPolicyReader, type ManagedAnswer } from './managed-policy-reader';
import { decide, enforcedFromState, fallback, PENDING_WHY, type Decision, type EnforcedPolicy } from './policy-decision';
import { installDecision } from './policy-install';
import { createRuleInstaller } from './rule-installer';

export type { EnforcedPolicy };

export type RefreshTrigger = 'install' | 'startup' | 'policy-changed' | 'policy-arrived' | 'alarm' | 'retry' | 'lists-updated';

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

  /** Applies what Chrome answered, unless this answer, or one to a read begun later, was applied already. */
  const applyAnswer = (trigger: RefreshTrigger, answer: ManagedAnswer) =>
    serial(async () => {
      if (answer.seq <= memory.appliedSeq && memory.status) return memory.status;
      memory.appliedSeq = answer.seq;
      const decision = await decide(deps.state, answer.raw, answer.at);
      const status = await put(trigger, decision);
      announce(status, decision);
      return status;
    });

  /** Chrome has not answered: enforce the last good policy (or the strictest) now, unless this worker life already has. */
  const applyPending = (trigger: RefreshTrigger, since: Date) =>
    serial(async () => {
      if (memory.decision && memory.status) return memory.status;
      const decision = await fallback(deps.state, PENDING_WHY, 'policy-pending', [], since);
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
