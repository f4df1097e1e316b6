import type { PolicyEngine, RefreshTrigger } from './policy-engine';

/** Managed storage can answer empty for a moment at start-up: look again after these delays. */
export const EMPTY_POLICY_RETRY_MS = [1_000, 3_000, 10_000];

/**
 * Refreshes at install or start-up, and while Chrome answers with an empty policy, tries again a
 * few times. A read Chrome holds back needs no retry: the engine applies its answer when it comes.
 */
export async function refreshAtStartup(
  engine: PolicyEngine,
  trigger: RefreshTrigger,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<void> {
  const settled = (s: { source: string; issues: unknown[]; policyPendingSince: string | null }) =>
    s.source === 'admin' || s.issues.length > 0 || s.policyPendingSince !== null;
  if (settled(await engine.refresh(trigger))) return;
  for (const delay of EMPTY_POLICY_RETRY_MS) {
    await sleep(delay);
    if (settled(await engine.refresh('retry'))) return;
  }
}
