import type { LanguageLexicon } from './lexicon';
import type { MatcherSource } from './matcher';
import { EN } from './lexicon/en';

/** Every language's lexicon, in the blocked page's language order. */
export const BUILTIN_LEXICONS: readonly LanguageLexicon[] = [EN];

/** The built-in lexicon as the matcher takes it: all languages at once (pupils mix them). */
export function builtinSource(): MatcherSource {
  return {
    entries: BUILTIN_LEXICONS.flatMap((l) => l.entries),
    defusers: BUILTIN_LEXICONS.flatMap((l) => l.defusers),
    markers: BUILTIN_LEXICONS.flatMap((l) => l.markers),
  };
}
