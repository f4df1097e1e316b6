import type { DnrPort } from '@/src/adapters/dnr-port';
import type { SessionMemory, StateStore } from '@/src/adapters/state-store';
import type { RestartCopyStatus } from '@/src/core/status';
import type { ChunkRule } from '@/src/core/rules/compiler';
import type { DnrRule } from '@/src/core/rules/dnr-types';
import { isPolicySessionRuleId, isRestartCopyRuleId, splitRuleTiers } from '@/src/core/rules/tiers';
import { planRuleUpdate, type RuleUpdatePlan } from '@/src/core/rules/update-plan';

/**
 * Hosts sent in one updateDynamicRules call at most: fewer calls mean fewer whole-ruleset
 * re-indexes in Chrome; this bound keeps the worker's memory near 60 MB of host strings.
 */
export const MAX_DOMAINS_PER_INSTALL_CALL = 1_000_000;

export interface RuleInstallerDeps {
  dnr: DnrPort;
  state: StateStore;
  sessionMemory: SessionMemory;
  /** The hosts of one stored list chunk, read only when its rules must be (re)sent. */
  loadChunk?(key: string): Promise<string[] | null>;
  maxDomainsPerInstallCall?: number;
  now(): Date;
}

export interface InstallReport {
  /** Rules sent to the browser (session and dynamic tiers; the restart copy is not counted). */
  rulesSent: number;
  chunkRulesSent: number;
  rulesRemoved: number;
  /** Until the new rules were in force: session update plus any dynamic-tier change. */
  ms: number;
  /** Whether the restart copy was written with this install, is being written, or was already current. */
  restartCopy: 'written' | 'pending' | 'current';
}

export interface RuleInstaller {
  /** Installs compiled rules; rejects with the browser's error, leaving the previous rules in force. */
  install(compiled: { rules: readonly DnrRule[]; chunkRules: readonly ChunkRule[] }): Promise<InstallReport>;
  /**
   * Starts writing the restart copy the last install left pending. Called once the caller has
   * written what it must: while Chrome re-indexes for the copy, storage.local waits too.
   */
  startRestartCopy(): void;
  /** Resolves when no restart-copy write is running or started (tests, benchmarks). */
  restartCopySettled(): Promise<void>;
}

/**
 * Installs compiled rules in three tiers (see src/core/rules/tiers.ts): the session tier at once,
 * the dynamic tier only when a list chunk or list-scale rule changed, and the restart copy either
 * with that dynamic call (it then costs nothing extra) or in the background once the caller calls
 * startRestartCopy, so a key-stage switch never waits for Chrome to re-index millions of domains.
 */
export function createRuleInstaller(deps: RuleInstallerDeps): RuleInstaller {
  /** The copy the last install wants, until startRestartCopy hands it to the writer. */
  let pendingCopy: DnrRule[] | null = null;
  /** The copy the writer writes next; a newer one replaces one that has not started. */
  let readyCopy: DnrRule[] | null = null;
  let copyWriter: Promise<void> | null = null;

  async function planCopy(rules: readonly DnrRule[], installedIds: () => Promise<number[]>): Promise<RuleUpdatePlan> {
    const previous = await deps.state.get('restartCopyFingerprints');
    return planRuleUpdate(previous, previous === null ? (await installedIds()).filter(isRestartCopyRuleId) : [], rules);
  }

  async function writeCopy(rules: DnrRule[]): Promise<void> {
    const started = Date.now();
    const plan = await planCopy(rules, () => deps.dnr.getDynamicRuleIds());
    if (plan.addRules.length === 0 && plan.removeRuleIds.length === 0) return;
    await setCopyStatus({ state: 'writing', at: deps.now().toISOString() });
    // Forgotten first: if the worker stops mid-call, the next write re-checks what is installed.
    await deps.state.set({ restartCopyFingerprints: null });
    try {
      await deps.dnr.updateDynamicRules({ removeRuleIds: plan.removeRuleIds, addRules: plan.addRules });
    } catch (error) {
      await setCopyStatus({ state: 'failed', at: deps.now().toISOString(), error: error instanceof Error ? error.message : String(error) });
      return;
    }
    await deps.state.set({ restartCopyFingerprints: plan.fingerprints });
    await setCopyStatus({ state: 'current', at: deps.now().toISOString(), ms: Date.now() - started });
  }

  const setCopyStatus = (status: RestartCopyStatus) => deps.state.set({ restartCopy: status });

  /** Writes the latest ready copy, one write at a time; a newer policy supersedes a waiting one. */
  function kickCopyWriter(): void {
    copyWriter ??= (async () => {
      while (readyCopy) {
        const next = readyCopy;
        readyCopy = null;
        await writeCopy(next).catch(() => undefined);
      }
    })().finally(() => {
      copyWriter = null;
    });
  }

  async function installSession(rules: DnrRule[]): Promise<{ sent: number; removed: number }> {
    const installed = (await deps.dnr.getSessionRules()).filter((rule) => isPolicySessionRuleId(rule.id));
    const remembered = await deps.sessionMemory.get();
    // Trust the remembered fingerprints only for exactly the rules that are there.
    const trusted =
      remembered !== null &&
      Object.keys(remembered).length === installed.length &&
      installed.every((rule) => remembered[rule.id] !== undefined);
    const plan = planRuleUpdate(
      trusted ? remembered : null,
      installed.map((rule) => rule.id),
      rules,
    );
    if (plan.addRules.length > 0 || plan.removeRuleIds.length > 0) {
      await deps.sessionMemory.set(null);
      await deps.dnr.updateSessionRules({ removeRuleIds: plan.removeRuleIds, addRules: plan.addRules });
    }
    if (!trusted || plan.addRules.length > 0 || plan.removeRuleIds.length > 0) await deps.sessionMemory.set(plan.fingerprints);
    return { sent: plan.addRules.length, removed: plan.removeRuleIds.length };
  }

  return {
    async install(compiled) {
      const started = Date.now();
      const tiers = splitRuleTiers(compiled.rules);
      // The session tier first: it alone makes a switch take effect, in about a millisecond.
      const session = await installSession(tiers.session);

      let dynamicIds: number[] | null = null;
      const installedDynamicIds = async () => (dynamicIds ??= await deps.dnr.getDynamicRuleIds());
      const previous = await deps.state.get('appliedFingerprints');
      const plan = planRuleUpdate(
        previous,
        previous === null ? (await installedDynamicIds()).filter((id) => !isRestartCopyRuleId(id)) : [],
        tiers.dynamic,
        compiled.chunkRules,
      );
      const dynamicChanges = plan.addRules.length + plan.addChunkRules.length + plan.removeRuleIds.length;
      let restartCopy: InstallReport['restartCopy'];
      if (dynamicChanges === 0) {
        const copy = copyWriter ? null : await planCopy(tiers.restartCopy, installedDynamicIds);
        if (copy !== null && copy.addRules.length === 0 && copy.removeRuleIds.length === 0) {
          pendingCopy = readyCopy = null;
          restartCopy = 'current';
        } else {
          // Chrome re-indexes every list domain for this write: not something a switch waits for.
          pendingCopy = tiers.restartCopy;
          restartCopy = 'pending';
        }
      } else {
        // A dynamic write is due anyway: the copy rides along and costs no second re-index.
        pendingCopy = readyCopy = null;
        await copyWriter;
        const copy = await planCopy(tiers.restartCopy, installedDynamicIds);
        await deps.state.set({ appliedFingerprints: null, restartCopyFingerprints: null });
        await sendDynamic(deps, plan, copy);
        await deps.state.set({ appliedFingerprints: plan.fingerprints, restartCopyFingerprints: copy.fingerprints });
        await setCopyStatus({ state: 'current', at: deps.now().toISOString(), ms: Date.now() - started });
        restartCopy = 'written';
      }
      return {
        rulesSent: session.sent + plan.addRules.length + plan.addChunkRules.length,
        chunkRulesSent: plan.addChunkRules.length,
        rulesRemoved: session.removed + plan.removeRuleIds.length,
        ms: Date.now() - started,
        restartCopy,
      };
    },
    startRestartCopy() {
      if (!pendingCopy) return;
      readyCopy = pendingCopy;
      pendingCopy = null;
      kickCopyWriter();
    },
    async restartCopySettled() {
      while (copyWriter) await copyWriter;
    },
  };
}

/**
 * Sends a dynamic-tier plan and the restart copy's in as few calls as memory allows: changed list
 * chunks in batches of up to maxDomainsPerInstallCall hosts, each call swapping its own rule IDs
 * atomically; everything else rides with the last batch, so there is never a moment with no rules.
 */
async function sendDynamic(deps: RuleInstallerDeps, plan: RuleUpdatePlan, copy: RuleUpdatePlan): Promise<void> {
  const removeRuleIds = new Set([...plan.removeRuleIds, ...copy.removeRuleIds]);
  const smallAdds = [...plan.addRules, ...copy.addRules];
  const limit = deps.maxDomainsPerInstallCall ?? MAX_DOMAINS_PER_INSTALL_CALL;
  const batches: ChunkRule[][] = [];
  let batchDomains = Infinity;
  const seen = new Set<string>();
  for (const item of plan.addChunkRules) {
    if (!seen.has(item.chunk.key)) {
      seen.add(item.chunk.key);
      if (batchDomains + item.chunk.count > limit) {
        batches.push([]);
        batchDomains = 0;
      }
      batchDomains += item.chunk.count;
    }
    batches[batches.length - 1]?.push(item);
  }
  for (const [index, batch] of batches.entries()) {
    const hostsByKey = new Map<string, string[]>();
    for (const item of batch) {
      if (hostsByKey.has(item.chunk.key)) continue;
      const hosts = deps.loadChunk ? await deps.loadChunk(item.chunk.key) : null;
      if (hosts === null) throw new Error(`List chunk ${item.chunk.key} is missing from the device's store.`);
      hostsByKey.set(item.chunk.key, hosts);
    }
    const ids = batch.map((item) => item.rule.id).filter((id) => removeRuleIds.delete(id));
    const addRules = batch.map((item) => {
      const requestDomains = hostsByKey.get(item.chunk.key);
      if (!requestDomains) throw new Error(`List chunk ${item.chunk.key} was not loaded.`);
      return { ...item.rule, condition: { ...item.rule.condition, requestDomains } };
    });
    const last = index === batches.length - 1;
    await deps.dnr.updateDynamicRules({
      removeRuleIds: last ? [...ids, ...removeRuleIds] : ids,
      addRules: last ? [...addRules, ...smallAdds] : addRules,
    });
    if (last) {
      removeRuleIds.clear();
      smallAdds.length = 0;
    }
  }
  if (removeRuleIds.size > 0 || smallAdds.length > 0) {
    await deps.dnr.updateDynamicRules({ removeRuleIds: [...removeRuleIds], addRules: smallAdds });
  }
}
