import { diffPolicies } from '@/src/core/policy/diff';
import type { PolicyIssue } from '@/src/core/policy/resolve';
import { planStaticRulesets } from '@/src/core/lists/static-rulesets';
import { compileRules } from '@/src/core/rules/compiler';
import { STRICTEST_RULESET_ID, strictestRulesetSwitch } from '@/src/core/rules/strictest-ruleset';
import type { FilterStatus } from '@/src/core/status';
import type { Decision } from './policy-decision';
import type { PolicyEngineDeps, RefreshTrigger } from './policy-engine';
import type { RuleInstaller } from './rule-installer';

/** What installing a decision needs from the engine's dependencies. */
export type PolicyInstallDeps = Pick<
  PolicyEngineDeps,
  'dnr' | 'state' | 'audit' | 'blockPageUrl' | 'now' | 'feedDomains' | 'listChunks' | 'staticRulesets' | 'listStatuses' | 'events'
>;

/**
 * Switches the static rulesets for the decision: the lists baked in for its categories, and the
 * strictest ruleset off once a valid policy's rules are in (on while only the strictest profile
 * can be enforced). Called after the rules are installed, so protection never drops in between.
 */
async function switchStaticRulesets(
  deps: PolicyInstallDeps,
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

/**
 * Puts a decision in force: compile, install in tiers (the browser's refusal is reported, the old
 * rules stay), switch the static rulesets, log what changed, record a new rejection as an event,
 * and write the status. The restart copy follows in the background.
 */
export async function installDecision(
  deps: PolicyInstallDeps,
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
