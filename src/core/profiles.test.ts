import { describe, expect, it } from 'vitest';
import { CATEGORIES, PUPIL_FLOOR_CATEGORIES, UKSIC_CATEGORIES } from './categories';
import { BUILTIN_CATEGORY_DOMAINS, CHILDREN_LEARNING_SITES, ESSENTIAL_PLATFORM_SITES } from './builtin-domains';
import { normalizeHost } from './domain';
import { KEY_STAGES, PUPIL_KEY_STAGES } from './key-stages';
import { KEY_STAGE_PROFILES } from './profiles';

describe('key-stage profiles (conventions)', () => {
  it('every key stage has a profile', () => {
    expect(Object.keys(KEY_STAGE_PROFILES).sort()).toEqual([...KEY_STAGES].sort());
  });

  it('no pupil key stage is lighter than illegal + UKSIC + circumvention', () => {
    for (const stage of PUPIL_KEY_STAGES) {
      for (const category of PUPIL_FLOOR_CATEGORIES) expect(KEY_STAGE_PROFILES[stage].categories).toContain(category);
    }
    expect(UKSIC_CATEGORIES).toHaveLength(9);
  });

  it('profiles get lighter (never stricter) from KS2 to KS5', () => {
    const order = ['KS2', 'KS3', 'KS4', 'KS5'] as const;
    for (let i = 1; i < order.length; i++) {
      const older = KEY_STAGE_PROFILES[order[i]!].categories;
      const younger = KEY_STAGE_PROFILES[order[i - 1]!].categories;
      for (const category of older) expect(younger).toContain(category);
    }
  });

  it('EYFS and KS1 are approved-sites-only; KS2 has strict safe search', () => {
    expect(KEY_STAGE_PROFILES.EYFS.approvedSitesOnly).toBe(true);
    expect(KEY_STAGE_PROFILES.KS1.approvedSitesOnly).toBe(true);
    expect(KEY_STAGE_PROFILES.KS2).toMatchObject({ approvedSitesOnly: false, safeSearch: 'strict', youtubeRestrict: 'strict' });
    expect(KEY_STAGE_PROFILES.KS2.categories).toEqual(expect.arrayContaining(['social-networks', 'dating', 'chat', 'webmail']));
  });

  it('staff keep illegal, malware and circumvention blocking', () => {
    expect(KEY_STAGE_PROFILES.STAFF.categories).toEqual(['illegal', 'malware', 'circumvention']);
  });

  it('every category except the licensed illegal list ships built-in sites, all valid and normalised', () => {
    for (const category of CATEGORIES) {
      const domains = BUILTIN_CATEGORY_DOMAINS[category];
      if (category === 'illegal') expect(domains).toHaveLength(0);
      else expect(domains.length).toBeGreaterThanOrEqual(5);
      for (const domain of domains) expect(normalizeHost(domain)).toEqual({ ok: true, host: domain });
    }
    for (const domain of [...CHILDREN_LEARNING_SITES, ...ESSENTIAL_PLATFORM_SITES]) {
      expect(normalizeHost(domain)).toEqual({ ok: true, host: domain });
    }
  });

  it('built-in category sets never block the approved learning or sign-in sites', () => {
    const approved = new Set([...CHILDREN_LEARNING_SITES, ...ESSENTIAL_PLATFORM_SITES]);
    for (const category of CATEGORIES) for (const domain of BUILTIN_CATEGORY_DOMAINS[category]) expect(approved.has(domain)).toBe(false);
  });
});
