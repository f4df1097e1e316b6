import { CATEGORIES, CATEGORY_DESCRIPTIONS } from '../src/core/categories';
import { BUILTIN_CATEGORY_DOMAINS } from '../src/core/builtin-domains';
import { KEY_STAGES, KEY_STAGE_LABELS } from '../src/core/key-stages';
import { KEY_STAGE_PROFILES } from '../src/core/profiles';
import { DEFAULT_CATEGORY_PAGE_KINDS, isMovablePageKind } from '../src/core/page-kinds';

/** The README's key-stage table, generated from the profiles so the documentation cannot drift. */
export function keyStageTable(): string {
  const head = ['| Key stage | Mode | Blocked categories | Safe search | YouTube |', '|---|---|---|---|---|'];
  const rows = KEY_STAGES.map((stage) => {
    const p = KEY_STAGE_PROFILES[stage];
    return `| ${stage} (${KEY_STAGE_LABELS[stage].replace(/^.*\((.*)\)$/, '$1')}) | ${p.approvedSitesOnly ? 'approved sites only' : 'category filtering'} | ${p.categories.join(', ')} | ${p.safeSearch} | ${p.youtubeRestrict} |`;
  });
  return [...head, ...rows].join('\n');
}

/** The pupils' blocked page for a category (src/core/page-kinds.ts), and whether a school may change it. */
function pageKindCell(category: (typeof CATEGORIES)[number]): string {
  const kind = DEFAULT_CATEGORY_PAGE_KINDS[category] === 'harmful' ? 'harmful' : 'not for school';
  return isMovablePageKind(category) ? `${kind} (school may change)` : `${kind} (always)`;
}

export function categoryTable(): string {
  const head = ["| Category | What it blocks | Built-in sites | Pupils' blocked page |", '|---|---|---:|---|'];
  const rows = CATEGORIES.map(
    (c) => `| \`${c}\` | ${CATEGORY_DESCRIPTIONS[c]} | ${BUILTIN_CATEGORY_DOMAINS[c].length} | ${pageKindCell(c)} |`,
  );
  return [...head, ...rows].join('\n');
}

if (process.argv[1]?.endsWith('doc-tables.ts')) {
  console.log(keyStageTable());
  console.log('');
  console.log(categoryTable());
}
