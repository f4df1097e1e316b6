import { type Category, PUPIL_FLOOR_CATEGORIES, UKSIC_CATEGORIES, ILLEGAL_CATEGORY } from './categories';
import type { KeyStage } from './key-stages';
import type { SafeSearchLevel } from './policy/schema';

/** A key stage's defaults before any school setting is applied. */
export interface KeyStageProfile {
  /** Block every top-level page except allowed sites (EYFS/KS1: "approved materials only"). */
  approvedSitesOnly: boolean;
  categories: readonly Category[];
  safeSearch: SafeSearchLevel;
  youtubeRestrict: SafeSearchLevel;
}

const PUPIL_FLOOR = PUPIL_FLOOR_CATEGORIES;

export const KEY_STAGE_PROFILES: Record<KeyStage, KeyStageProfile> = {
  EYFS: {
    approvedSitesOnly: true,
    categories: [...PUPIL_FLOOR, 'social-networks', 'dating', 'chat', 'webmail', 'games'],
    safeSearch: 'strict',
    youtubeRestrict: 'strict',
  },
  KS1: {
    approvedSitesOnly: true,
    categories: [...PUPIL_FLOOR, 'social-networks', 'dating', 'chat', 'webmail', 'games'],
    safeSearch: 'strict',
    youtubeRestrict: 'strict',
  },
  KS2: {
    approvedSitesOnly: false,
    categories: [...PUPIL_FLOOR, 'social-networks', 'dating', 'chat', 'webmail'],
    safeSearch: 'strict',
    youtubeRestrict: 'strict',
  },
  KS3: {
    approvedSitesOnly: false,
    categories: [...PUPIL_FLOOR, 'social-networks', 'dating', 'chat'],
    safeSearch: 'strict',
    youtubeRestrict: 'strict',
  },
  KS4: {
    approvedSitesOnly: false,
    categories: [...PUPIL_FLOOR, 'dating', 'chat'],
    safeSearch: 'strict',
    youtubeRestrict: 'moderate',
  },
  KS5: {
    approvedSitesOnly: false,
    categories: [...PUPIL_FLOOR],
    safeSearch: 'moderate',
    youtubeRestrict: 'moderate',
  },
  STAFF: {
    approvedSitesOnly: false,
    categories: [ILLEGAL_CATEGORY, 'malware', 'circumvention'],
    safeSearch: 'off',
    youtubeRestrict: 'off',
  },
};

/** Categories a school may not remove for a key stage. */
export function floorCategories(keyStage: KeyStage): readonly Category[] {
  return keyStage === 'STAFF' ? [ILLEGAL_CATEGORY] : PUPIL_FLOOR;
}

export { UKSIC_CATEGORIES };
