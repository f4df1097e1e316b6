import type { Category } from '../../src/core/categories';
import { normalizeHost, PUBLIC_SUFFIXES, validateAsciiHost } from '../../src/core/domain';
import { DomainTable } from '../../src/core/rules/domain-table';
import { resolvePolicy } from '../../src/core/policy/resolve';
import { compileRules } from '../../src/core/rules/compiler';
import type { DnrRule } from '../../src/core/rules/dnr-types';
import type { ListText } from './sources';

export interface PipelineResult {
  lines: number;
  domains: number;
  rules: number;
}

const BLOCK_PAGE = 'chrome-extension://bench/blocked.html';
/** Every category enabled, so every list is compiled. */
const policy = (() => {
  const r = resolvePolicy({ keyStage: 'EYFS', approvedSitesOnly: false });
  if (r.kind !== 'valid') throw new Error('bench policy invalid');
  return r.policy;
})();

/**
 * Ours: each list text is scanned once by offsets into a DomainTable per category (validation,
 * hashing and de-duplication in one pass, no string per line), non-ASCII lines go through the full
 * normaliser, then the real compiler (parent reduction, chunked requestDomains, limit checks).
 */
export function compileOurs(lists: ListText[], sample: () => void): PipelineResult {
  const tables: Partial<Record<Category, DomainTable>> = {};
  let lines = 0;
  for (const list of lists) {
    const table = (tables[list.category] ??= new DomainTable(PUBLIC_SUFFIXES, 1 << 16));
    const text = list.text;
    const id = table.addText(text);
    // List lines average about 20 characters: reserve once rather than rehash while reading.
    table.reserve(Math.ceil(text.length / 16));
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = text.length;
      const next = end + 1;
      lines++;
      if ((lines & 0xffff) === 0) sample();
      if (end > start && text.charCodeAt(end - 1) === 13) end--;
      if (end > start && text.charCodeAt(start) !== 35 && table.addRange(id, start, end) === 'not-a-host') {
        const normalised = normalizeHost(text.slice(start, end));
        if (normalised.ok) table.addHost(normalised.host);
      }
      start = next;
    }
  }
  sample();
  const compiled = compileRules({ policy, feedDomains: tables, blockPageUrl: BLOCK_PAGE, withoutBuiltins: true });
  sample();
  return { lines, domains: compiled.stats.totalDomains, rules: compiled.rules.length };
}

/**
 * The naive baseline, producing the same domains: split into lines, the URL parser for every line,
 * the same validation, a Set per category, parents found by splitting each host, then the kept
 * hosts sliced into rules of the same size.
 */
export function compileNaive(lists: ListText[], sample: () => void): PipelineResult {
  const sets = new Map<Category, Set<string>>();
  let lines = 0;
  for (const list of lists) {
    let set = sets.get(list.category);
    if (!set) sets.set(list.category, (set = new Set()));
    for (const raw of list.text.split('\n')) {
      lines++;
      if ((lines & 0xffff) === 0) sample();
      const line = raw.trim();
      if (!line || line.startsWith('#')) continue;
      try {
        const checked = validateAsciiHost(new URL(`http://${line}`).hostname);
        if (checked.ok) set.add(checked.host);
      } catch {
        // not a host: skipped
      }
    }
  }
  sample();
  const rules: DnrRule[] = [];
  let id = 1;
  let domains = 0;
  for (const set of sets.values()) {
    const kept = [...set].filter((host) => {
      const labels = host.split('.');
      for (let i = 1; i < labels.length - 1; i++) if (set.has(labels.slice(i).join('.'))) return false;
      return true;
    });
    domains += kept.length;
    for (let i = 0; i < kept.length; i += 100_000) {
      const requestDomains = kept.slice(i, i + 100_000);
      rules.push({
        id: id++,
        priority: 60,
        action: { type: 'redirect', redirect: { regexSubstitution: `${BLOCK_PAGE}#\\0` } },
        condition: { regexFilter: '^.*$', requestDomains, resourceTypes: ['main_frame', 'sub_frame'] },
      });
      rules.push({ id: id++, priority: 60, action: { type: 'block' }, condition: { requestDomains } });
    }
  }
  sample();
  return { lines, domains, rules: rules.length };
}
