import { describe, expect, it } from 'vitest';
import { classifyHost } from './classify-host';
import { resolvePolicy, type EffectivePolicy } from './policy/resolve';

function policy(raw: Record<string, unknown>): EffectivePolicy {
  const resolved = resolvePolicy(raw);
  if (resolved.kind !== 'valid') throw new Error('test policy invalid');
  return resolved.policy;
}

describe('classifyHost', () => {
  it('finds the category of a built-in site and of its subdomains', () => {
    const ks2 = policy({ keyStage: 'KS2' });
    expect(classifyHost(ks2, 'bet365.com')).toEqual({ blocked: true, reason: { kind: 'category', category: 'gambling' } });
    expect(classifyHost(ks2, 'www.bet365.com')).toEqual({ blocked: true, reason: { kind: 'category', category: 'gambling' } });
    expect(classifyHost(ks2, 'example.org')).toEqual({ blocked: false });
  });

  it('follows the rule precedence: allow beats block and categories, but not illegal', () => {
    const p = policy({
      keyStage: 'KS3',
      allowDomains: ['bet365.com', 'example.org'],
      blockDomains: ['games.example.org', 'blocked.example'],
      categoryDomains: [{ category: 'illegal', domains: ['bad.example'] }],
    });
    expect(classifyHost(p, 'bet365.com')).toEqual({ blocked: false });
    expect(classifyHost(p, 'games.example.org')).toEqual({ blocked: true, reason: { kind: 'school' } });
    expect(classifyHost(p, 'blocked.example')).toEqual({ blocked: true, reason: { kind: 'school' } });
    expect(classifyHost(policy({ keyStage: 'KS3', allowDomains: ['bad.example'], categoryDomains: [{ category: 'illegal', domains: ['bad.example'] }] }), 'bad.example')).toEqual({
      blocked: true,
      reason: { kind: 'category', category: 'illegal' },
    });
  });

  it('blocks everything but approved sites in approved-sites-only mode', () => {
    const p = policy({ keyStage: 'KS2', approvedSitesOnly: true, allowDomains: ['ok.example'] });
    expect(classifyHost(p, 'random.example')).toEqual({ blocked: true, reason: { kind: 'approved-only' } });
    expect(classifyHost(p, 'ok.example')).toEqual({ blocked: false });
  });

  it('uses feed domains for enabled categories only', () => {
    const p = policy({ keyStage: 'STAFF' });
    expect(classifyHost(p, 'feed.example', { gambling: ['feed.example'] })).toEqual({ blocked: false });
    expect(classifyHost(policy({ keyStage: 'KS2' }), 'feed.example', { gambling: ['feed.example'] })).toMatchObject({ blocked: true });
  });
});
