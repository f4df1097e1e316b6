import type { LanguageLexicon } from './lexicon';
import type { MatcherSource } from './matcher';
import { AR } from './lexicon/ar';
import { CY } from './lexicon/cy';
import { EN } from './lexicon/en';
import { PL } from './lexicon/pl';
import { RO } from './lexicon/ro';
import { UR } from './lexicon/ur';

/** Every language's lexicon, in the blocked page's language order. */
export const BUILTIN_LEXICONS: readonly LanguageLexicon[] = [EN, CY, PL, UR, RO, AR];

/** The built-in lexicon as the matcher takes it: all languages at once (pupils mix them). */
export function builtinSource(): MatcherSource {
  return {
    entries: BUILTIN_LEXICONS.flatMap((l) => l.entries),
    defusers: BUILTIN_LEXICONS.flatMap((l) => l.defusers),
    markers: BUILTIN_LEXICONS.flatMap((l) => l.markers),
  };
}
