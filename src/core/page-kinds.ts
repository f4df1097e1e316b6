import type { BlockReason } from './block-reason';
import { CATEGORIES, ILLEGAL_CATEGORY, UKSIC_CATEGORIES, type Category } from './categories';
import type { KeyStage } from './key-stages';

/**
 * Which blocked page a block gets, by what was found (issue 12): the alarm ("turn off the screen and tell
 * an adult", the dark screen, help lines) only where a pupil may have met something harmful, a calm "this
 * site isn't used at school" with Go back for everything else, and a plain professional page for staff.
 * Used for everything, the alarm would teach pupils to ignore it and send ordinary blocks to teachers.
 */
export const PAGE_KINDS = ['harmful', 'not-for-school', 'staff'] as const;
export type PageKind = (typeof PAGE_KINDS)[number];
export type PupilPageKind = Exclude<PageKind, 'staff'>;

/**
 * Content that can hurt the child who sees it: illegal content and the UK Safer Internet Centre content
 * categories. Always the harmful page; no policy can make it calm.
 */
export const ALWAYS_HARMFUL_CATEGORIES: readonly Category[] = [
  ILLEGAL_CATEGORY,
  ...UKSIC_CATEGORIES.filter((c) => c !== 'malware' && c !== 'piracy'),
];

/**
 * The default page of every other category. Malware, piracy and circumvention stay blocked for every pupil
 * (PUPIL_FLOOR_CATEGORIES) and no unlock opens them, but reaching a VPN or a film-copying site is not
 * something a pupil saw and must tell an adult about, so their page is calm unless the school says otherwise.
 */
const DEFAULT_KIND: Record<Category, PupilPageKind> = Object.fromEntries(
  CATEGORIES.map((c) => [c, ALWAYS_HARMFUL_CATEGORIES.includes(c) ? 'harmful' : 'not-for-school']),
) as Record<Category, PupilPageKind>;

/** The page kind of each category for pupils, after the school's moves (see resolveCategoryPageKinds). */
export type CategoryPageKinds = Readonly<Record<Category, PupilPageKind>>;

export const DEFAULT_CATEGORY_PAGE_KINDS: CategoryPageKinds = DEFAULT_KIND;

export function isMovablePageKind(category: Category): boolean {
  return !ALWAYS_HARMFUL_CATEGORIES.includes(category);
}

/**
 * Applies a school's `pageKinds` moves. Any category may be made harmful; only the movable ones may be made
 * calm. Returns the categories it refused, for the status page.
 */
export function resolveCategoryPageKinds(moves: { harmful?: readonly Category[]; notForSchool?: readonly Category[] }): {
  kinds: CategoryPageKinds;
  refused: Category[];
} {
  const kinds: Record<Category, PupilPageKind> = { ...DEFAULT_KIND };
  const refused: Category[] = [];
  for (const category of moves.notForSchool ?? []) {
    if (isMovablePageKind(category)) kinds[category] = 'not-for-school';
    else refused.push(category);
  }
  // Listed under both: the safer page wins.
  for (const category of moves.harmful ?? []) kinds[category] = 'harmful';
  return { kinds, refused };
}

/**
 * The page for a verified block. A pupil's report and a monitoring alert are always harmful; the school's
 * own block list and approved-sites-only misses are "not for school"; staff always get the plain page.
 */
export function pageKindFor(reason: BlockReason, keyStage: KeyStage, kinds: CategoryPageKinds = DEFAULT_KIND): PageKind {
  if (keyStage === 'STAFF') return 'staff';
  switch (reason.kind) {
    case 'category':
      return kinds[reason.category];
    case 'reported':
    case 'alert':
      return 'harmful';
    case 'school':
    case 'approved-only':
      return 'not-for-school';
  }
}
