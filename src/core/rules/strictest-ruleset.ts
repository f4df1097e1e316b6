import { STRICTEST_KEY_STAGE } from '../key-stages';
import { defaultPolicy } from '../policy/resolve';
import { compileRules } from './compiler';
import type { DnrRule } from './dnr-types';

/**
 * The strictest profile as a static ruleset, declared enabled in the manifest, so Chrome enforces
 * it from the moment the extension is installed, before the service worker has run (and again
 * after every extension update: Chrome resets the enabled static rulesets to the manifest's on each
 * update, and keeps them across browser restarts). The background switches it off once a valid
 * policy's rules are in force and on again whenever none can be applied (see policy-engine.ts).
 *
 * Static rules are written at build time, before any device has its blocked-page key, so they
 * redirect to the key-less blocked page; the worker compiles the same rules again to confirm such a
 * page (see blocked-navigation.ts), as it does for lists baked in at build.
 */
export const STRICTEST_RULESET_ID = 'strictest';
/** Where the ruleset is in the package. */
export const STRICTEST_RULESET_PATH = 'rules/strictest.json';

/**
 * The strictest key stage's default policy, compiled exactly as the engine compiles it when no
 * valid policy has ever been read: approved sites only (children's learning sites and the sign-in
 * pages a Chromebook needs stay reachable), every category of that key stage, strict safe search.
 */
export function strictestRules(unkeyedBlockPageUrl: string): DnrRule[] {
  return compileRules({ policy: defaultPolicy(STRICTEST_KEY_STAGE), blockPageUrl: unkeyedBlockPageUrl }).rules;
}

/**
 * The enabled-rulesets change that leaves the strictest ruleset on or off as wanted, or null when
 * it already is. Declared IDs are passed so a build without the ruleset asks for nothing.
 */
export function strictestRulesetSwitch(
  declared: readonly string[],
  enabledNow: readonly string[],
  wanted: boolean,
): { enableRulesetIds: string[]; disableRulesetIds: string[] } | null {
  if (!declared.includes(STRICTEST_RULESET_ID)) return null;
  const on = enabledNow.includes(STRICTEST_RULESET_ID);
  if (on === wanted) return null;
  return wanted
    ? { enableRulesetIds: [STRICTEST_RULESET_ID], disableRulesetIds: [] }
    : { enableRulesetIds: [], disableRulesetIds: [STRICTEST_RULESET_ID] };
}
