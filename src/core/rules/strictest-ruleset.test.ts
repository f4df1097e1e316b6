import { describe, expect, it } from 'vitest';
import { ESSENTIAL_PLATFORM_SITES } from '../builtin-domains';
import { STRICTEST_KEY_STAGE } from '../key-stages';
import { defaultPolicy } from '../policy/resolve';
import { compileRules } from './compiler';
import { blockReasonFor, winningRule } from './match';
import { STRICTEST_RULESET_ID, strictestRules, strictestRulesetSwitch } from './strictest-ruleset';

const PAGE = 'chrome-extension://abc/blocked.html';

describe('the strictest static ruleset', () => {
  it('is the strictest default policy, compiled as the engine compiles it, redirecting to the key-less page', () => {
    const rules = strictestRules(PAGE);
    expect(rules).toEqual(compileRules({ policy: defaultPolicy(STRICTEST_KEY_STAGE), blockPageUrl: PAGE }).rules);
    expect(blockReasonFor(rules, 'http://ordinary-site.test/', PAGE)).toEqual({ kind: 'approved-only' });
    expect(blockReasonFor(rules, 'https://www.bet365.com/', PAGE)).toEqual({ kind: 'category', category: 'gambling' });
    // The sign-in pages a Chromebook needs stay reachable.
    for (const host of ESSENTIAL_PLATFORM_SITES)
      expect(winningRule(rules, `https://${host}/signin`, 'main_frame')?.action.type).toBe('allow');
  });

  it('is switched only when it is declared, and only when it is not already as wanted', () => {
    const declared = [STRICTEST_RULESET_ID, 'list_gambling'];
    expect(strictestRulesetSwitch(declared, [STRICTEST_RULESET_ID], false)).toEqual({
      enableRulesetIds: [],
      disableRulesetIds: [STRICTEST_RULESET_ID],
    });
    expect(strictestRulesetSwitch(declared, ['list_gambling'], true)).toEqual({
      enableRulesetIds: [STRICTEST_RULESET_ID],
      disableRulesetIds: [],
    });
    expect(strictestRulesetSwitch(declared, [STRICTEST_RULESET_ID], true)).toBeNull();
    expect(strictestRulesetSwitch(['list_gambling'], [], true)).toBeNull();
  });
});
