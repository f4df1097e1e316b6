import { CATEGORIES, CATEGORY_DESCRIPTIONS } from '../src/core/categories';
import { BUILTIN_CATEGORY_DOMAINS } from '../src/core/builtin-domains';
import { KEY_STAGES, KEY_STAGE_LABELS } from '../src/core/key-stages';
import { KEY_STAGE_PROFILES } from '../src/core/profiles';
import { DEPLOYMENT_CHECKLIST } from '../src/core/deployment';
import { GOOGLE_SEARCH_DOMAINS, LOCKED_SEARCH_ENGINES, UNLOCKABLE_SEARCH_ENGINES } from '../src/core/search-engines';
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

/** The README's search-engine tables: how each engine a pupil can reach is held to safe results. */
export function searchEngineTables(): string {
  const locked = [
    '| Engine | Hosts (and their subdomains) | Parameters forced (strict / moderate) | Source |',
    '|---|---|---|---|',
    ...Object.values(LOCKED_SEARCH_ENGINES).map((e) => {
      const hosts =
        e.name === 'Google'
          ? `google.com and ${GOOGLE_SEARCH_DOMAINS.length - 1} country domains; googleapis.com (customsearch/ only)`
          : e.domains.join(', ');
      const params = (level: 'strict' | 'moderate') => e.params[level].map((p) => `${p.key}=${p.value}`).join('&');
      return `| ${e.name} | ${hosts} | \`${params('strict')}\` / \`${params('moderate')}\`${e.refusePost ? '; POST refused' : ''} | ${e.source} |`;
    }),
  ];
  const blocked = [
    '| Engine | Hosts | Why it cannot be locked |',
    '|---|---|---|',
    ...UNLOCKABLE_SEARCH_ENGINES.map((e) => `| ${e.name} | ${e.domains.join(', ')} | ${e.why} |`),
  ];
  return [...locked, '', ...blocked].join('\n');
}

/** The README's "Deploying safely" checklist. */
export function deploymentTable(): string {
  const head = ['| Setting | Policy | What it closes | Admin console | Status page |', '|---|---|---|---|---|'];
  const rows = DEPLOYMENT_CHECKLIST.map(
    (i) =>
      `| ${i.title} | ${i.policies} | ${i.closes} | ${i.adminPath} | ${i.check ? 'checked on the device' : 'cannot be seen by an extension'} |`,
  );
  return [...head, ...rows].join('\n');
}

if (process.argv[1]?.endsWith('doc-tables.ts')) {
  console.log(keyStageTable());
  console.log('');
  console.log(categoryTable());
  console.log('');
  console.log(searchEngineTables());
  console.log('');
  console.log(deploymentTable());
}
