import { describe, expect, it } from 'vitest';
import { resolvePolicy, type EffectivePolicy } from '../policy/resolve';
import { compileRules } from './compiler';
import type { DnrRule, ResourceType } from './dnr-types';
import { winningRule } from './match';
import { PRIORITY, RESTART_COPY_ID_OFFSET, RESTART_COPY_PRIORITY, SESSION_RULE_ID_BASE } from './rule-ids';
import { RESTART_COPY_SILENCER, SESSION_TIER_MAX_DOMAINS, splitRuleTiers } from './tiers';

const PAGE = 'chrome-extension://abc/blocked.html';

function policy(raw: Record<string, unknown>): EffectivePolicy {
  const resolved = resolvePolicy(raw);
  if (resolved.kind !== 'valid') throw new Error(JSON.stringify(resolved));
  return resolved.policy;
}

const compile = (raw: Record<string, unknown>, feed: Record<string, string[]> = {}) =>
  compileRules({ policy: policy(raw), blockPageUrl: PAGE, feedDomains: feed }).rules;

const PROBES: [string, ResourceType][] = [
  ['https://www.pornhub.com/', 'main_frame'],
  ['https://bet365.com/x', 'main_frame'],
  ['https://bet365.com/x.png', 'image'],
  ['https://www.facebook.com/', 'main_frame'],
  ['https://www.bbc.co.uk/bitesize', 'main_frame'],
  ['https://wikipedia.org/', 'main_frame'],
  ['https://www.google.com/search?q=cats', 'main_frame'],
  ['https://www.bing.com/search?q=cats', 'main_frame'],
  ['https://school-blocked.example/', 'main_frame'],
  ['https://school-blocked.example/a.js', 'script'],
  ['https://allowed.example/', 'main_frame'],
  ['https://games.allowed.example/', 'main_frame'],
  ['https://list.example/', 'main_frame'],
  ['https://www.list.example/', 'sub_frame'],
];

/** What happens to a request: the action of the winning rule; no rule and allow both let it through. */
function verdict(rules: readonly DnrRule[], url: string, type: ResourceType): string {
  const rule = winningRule(rules, url, type);
  if (!rule || rule.action.type === 'allow') return 'proceeds';
  return JSON.stringify(rule.action);
}

const verdicts = (rules: readonly DnrRule[]) => PROBES.map(([url, type]) => `${url} ${type} → ${verdict(rules, url, type)}`);

const POLICIES: Record<string, unknown>[] = [
  { keyStage: 'EYFS', allowDomains: ['allowed.example'] },
  { keyStage: 'KS2', blockDomains: ['school-blocked.example', 'games.allowed.example'], allowDomains: ['allowed.example', 'facebook.com'] },
  { keyStage: 'KS4', blockDomains: ['wikipedia.org'] },
  { keyStage: 'STAFF', allowDomains: ['pornhub.com'] },
];

describe('rule tiers', () => {
  it('puts small rules in the session tier with a restart copy, and list-scale rules in the dynamic tier', () => {
    const big = Array.from({ length: SESSION_TIER_MAX_DOMAINS + 1 }, (_, i) => `host-${i}.example`);
    const rules = compile({ keyStage: 'KS2', blockDomains: ['x.example'] }, { malware: big });
    const tiers = splitRuleTiers(rules);
    expect(tiers.dynamic.length).toBeGreaterThan(0);
    expect(tiers.dynamic.every((r) => (r.condition.requestDomains?.length ?? 0) > SESSION_TIER_MAX_DOMAINS)).toBe(true);
    expect(tiers.session.at(-1)).toEqual(RESTART_COPY_SILENCER);
    expect(tiers.session.length - 1 + tiers.dynamic.length).toBe(rules.length);
    expect(tiers.restartCopy.map((r) => r.id - RESTART_COPY_ID_OFFSET)).toEqual(tiers.session.slice(0, -1).map((r) => r.id));
    expect(tiers.restartCopy.every((r) => r.id >= RESTART_COPY_ID_OFFSET)).toBe(true);
    expect([...tiers.session, ...tiers.dynamic].every((r) => r.id < SESSION_RULE_ID_BASE)).toBe(true);
  });

  it('keeps the live order in the restart copy, below the silencer, below every live rule', () => {
    const live = Object.keys(RESTART_COPY_PRIORITY)
      .map(Number)
      .sort((a, b) => a - b);
    const copied = live.map((p) => RESTART_COPY_PRIORITY[p]!);
    expect(copied).toEqual([...copied].sort((a, b) => a - b));
    expect(new Set(copied).size).toBe(copied.length);
    expect(Math.max(...copied)).toBeLessThan(PRIORITY.RESTART_COPY_SILENCER);
    const others = Object.entries(PRIORITY).filter(([name]) => name !== 'RESTART_COPY_SILENCER');
    for (const [, priority] of others) expect(priority).toBeGreaterThan(PRIORITY.RESTART_COPY_SILENCER);
    // Every priority the compiler writes has a place in the copy.
    for (const raw of POLICIES) for (const rule of compile(raw)) expect(RESTART_COPY_PRIORITY[rule.priority]).toBeDefined();
  });

  it('with the session tier in place, a stale restart copy of any other policy changes no verdict', () => {
    const feed = { pornography: ['list.example'] };
    for (const current of POLICIES) {
      const live = compile(current, feed);
      const tiers = splitRuleTiers(live);
      for (const stale of POLICIES) {
        const installed = [...tiers.session, ...tiers.dynamic, ...splitRuleTiers(compile(stale, feed)).restartCopy];
        expect(verdicts(installed), `${JSON.stringify(current)} with a copy of ${JSON.stringify(stale)}`).toEqual(verdicts(live));
      }
    }
  });

  it('after a browser restart, before the session tier is back, the restart copy decides as the live rules did', () => {
    for (const raw of POLICIES) {
      const live = compile(raw);
      const tiers = splitRuleTiers(live);
      expect(verdicts([...tiers.dynamic, ...tiers.restartCopy]), JSON.stringify(raw)).toEqual(verdicts(live));
    }
  });

  it('after a restart, a school allow cannot lift a list-scale block until the session tier is back (over-blocks, never under-blocks)', () => {
    const big = Array.from({ length: SESSION_TIER_MAX_DOMAINS + 1 }, (_, i) => `host-${i}.example`);
    const live = compile({ keyStage: 'KS2', allowDomains: ['host-5.example'] }, { malware: big });
    const tiers = splitRuleTiers(live);
    expect(verdict(live, 'https://host-5.example/', 'main_frame')).toBe('proceeds');
    expect(verdict([...tiers.dynamic, ...tiers.restartCopy], 'https://host-5.example/', 'main_frame')).toMatch(/redirect/);
    expect(verdict([...tiers.dynamic, ...tiers.restartCopy], 'https://host-6.example/', 'main_frame')).toMatch(/redirect/);
  });
});
