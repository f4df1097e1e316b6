import type { ListUpdater } from './list-updater';
import type { PolicyEngine } from './policy-engine';

/**
 * Downloads the list feeds that are due for the policy in force, then installs the policy again
 * once, so new lists are enforced and the status page shows each list's age and errors. Never
 * waits on Chrome for the policy (the engine answers with what is in force). Never rejects.
 */
export async function syncLists(engine: PolicyEngine, lists: ListUpdater, options: { force?: boolean } = {}): Promise<void> {
  try {
    const { policy } = await engine.enforced();
    const { changed } = await lists.update(policy, options);
    if (changed || policy.lists.length > 0) await engine.reapply('lists-updated');
  } catch (error) {
    console.error('List update failed', error);
  }
}
