import { describe, expect, it } from 'vitest';
import { defaultPolicy, resolvePolicy } from './resolve';

describe('resolvePolicy', () => {
  it('treats an empty read as "not yet known", not as a policy', () => {
    expect(resolvePolicy({})).toEqual({ kind: 'empty' });
    expect(resolvePolicy(undefined)).toEqual({ kind: 'empty' });
  });

  it('refuses a policy without a valid key stage, in plain words', () => {
    const missing = resolvePolicy({ schoolId: 'X' });
    expect(missing.kind).toBe('invalid');
    if (missing.kind !== 'invalid') return;
    expect(missing.issues[0]).toMatchObject({ path: 'keyStage', severity: 'error' });
    expect(missing.issues[0]!.message).toMatch(/keyStage is missing/);

    const wrong = resolvePolicy({ keyStage: 'KS9' });
    expect(wrong.kind).toBe('invalid');
  });

  it('refuses structurally wrong settings rather than guessing', () => {
    const result = resolvePolicy({ keyStage: 'KS2', blockDomains: 'example.com' });
    expect(result.kind).toBe('invalid');
    if (result.kind === 'invalid') expect(result.issues[0]!.path).toBe('blockDomains');
  });

  it('skips bad domain entries with a warning and keeps the good ones', () => {
    const result = resolvePolicy({ keyStage: 'KS2', blockDomains: ['good.example', '10.0.0.1', 'co.uk', 'Bücher.de'] });
    expect(result.kind).toBe('valid');
    if (result.kind !== 'valid') return;
    expect(result.policy.blockDomains).toEqual(['good.example', 'xn--bcher-kva.de']);
    expect(result.issues.map((i) => i.path)).toEqual(['blockDomains[1]', 'blockDomains[2]']);
    expect(result.issues.every((i) => i.severity === 'warning')).toBe(true);
  });

  it('warns about unknown keys (typos) without refusing the policy', () => {
    const result = resolvePolicy({ keyStage: 'KS3', blockDomain: ['x.com'] });
    expect(result.kind).toBe('valid');
    if (result.kind === 'valid') expect(result.issues[0]).toMatchObject({ path: 'blockDomain', severity: 'warning' });
  });

  it('applies the key stage profile defaults', () => {
    const ks1 = resolvePolicy({ keyStage: 'KS1' });
    const staff = resolvePolicy({ keyStage: 'STAFF' });
    if (ks1.kind !== 'valid' || staff.kind !== 'valid') throw new Error('expected valid');
    expect(ks1.policy.approvedSitesOnly).toBe(true);
    expect(ks1.policy.safeSearch).toBe('strict');
    expect(staff.policy.approvedSitesOnly).toBe(false);
    expect(staff.policy.categories).toEqual(['illegal', 'malware', 'circumvention']);
  });

  it("merges top-level and per-key-stage settings; the device's own key stage profile wins for scalars", () => {
    const result = resolvePolicy({
      keyStage: 'KS4',
      blockDomains: ['all.example'],
      safeSearch: 'strict',
      profiles: {
        KS4: { blockDomains: ['ks4.example'], allowDomains: ['teach.example'], safeSearch: 'moderate', addCategories: ['games'] },
        KS2: { blockDomains: ['not-for-ks4.example'] },
      },
    });
    if (result.kind !== 'valid') throw new Error('expected valid');
    expect(result.policy.blockDomains).toEqual(['all.example', 'ks4.example']);
    expect(result.policy.allowDomains).toEqual(['teach.example']);
    expect(result.policy.safeSearch).toBe('moderate');
    expect(result.policy.categories).toContain('games');
  });

  it('never lets a school remove illegal content, or the UKSIC floor for pupils', () => {
    const pupils = resolvePolicy({ keyStage: 'KS5', removeCategories: ['pornography', 'illegal'] });
    if (pupils.kind !== 'valid') throw new Error('expected valid');
    expect(pupils.policy.categories).toContain('pornography');
    expect(pupils.policy.categories).toContain('illegal');
    expect(pupils.issues).toHaveLength(2);

    const staff = resolvePolicy({ keyStage: 'STAFF', removeCategories: ['malware', 'illegal'] });
    if (staff.kind !== 'valid') throw new Error('expected valid');
    expect(staff.policy.categories).toEqual(['illegal', 'circumvention']);
    expect(staff.issues.map((i) => i.path)).toEqual(['removeCategories[1]']);
  });

  it('lets a school remove a non-floor category and add domains to any category', () => {
    const result = resolvePolicy({
      keyStage: 'KS3',
      removeCategories: ['social-networks'],
      categoryDomains: [{ category: 'illegal', domains: ['police-notice.example'] }],
    });
    if (result.kind !== 'valid') throw new Error('expected valid');
    expect(result.policy.categories).not.toContain('social-networks');
    expect(result.policy.categoryDomains.illegal).toEqual(['police-notice.example']);
  });

  it('the fail-closed default is the key stage profile with no school settings', () => {
    const policy = defaultPolicy('EYFS');
    expect(policy.approvedSitesOnly).toBe(true);
    expect(policy.allowDomains).toEqual([]);
  });
});

describe('policy error wording', () => {
  it('names the setting, what it got and what it needs', () => {
    const wrong = resolvePolicy({ keyStage: 'KS9', blockDomains: 'x.com', safeSearch: 'on' });
    if (wrong.kind !== 'invalid') throw new Error('expected invalid');
    const byPath = Object.fromEntries(wrong.issues.map((i) => [i.path, i.message]));
    expect(byPath.keyStage).toBe('keyStage is "KS9", but must be one of: EYFS, KS1, KS2, KS3, KS4, KS5, STAFF.');
    expect(byPath.blockDomains).toBe('blockDomains must be a list, but is a string.');
    expect(byPath.safeSearch).toMatch(/^safeSearch is "on", but must be one of: strict, moderate, off\.$/);
  });
});
