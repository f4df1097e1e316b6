import { closeSync, mkdirSync, openSync, readdirSync, readSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Category } from '../src/core/categories';
import type { ListFormat } from '../src/core/lists/parse';
import {
  buildStaticRuleset,
  classifyListFile,
  GUARANTEED_STATIC_RULES,
  hostIndexPath,
  MAX_ENABLED_STATIC_RULESETS,
  staticRulesetId,
  type StaticRulesetBuild,
} from '../src/core/lists/static-rulesets';

/**
 * `LISTS_DIR=... npm run build`: bakes the lists in that folder into the package as one static
 * declarativeNetRequest ruleset per category (wired in wxt.config.ts). Files are read in pieces.
 */

export interface BakedRuleset {
  id: string;
  path: string;
  json: string;
  build: StaticRulesetBuild;
  /** The ruleset's host index: where it goes in the package, and the temporary file it is copied from. */
  index: { path: string; file: string };
}

function* filePieces(path: string, size = 1 << 20): Generator<string> {
  const fd = openSync(path, 'r');
  const decoder = new TextDecoder('utf-8');
  const buffer = Buffer.alloc(size);
  try {
    for (;;) {
      const read = readSync(fd, buffer, 0, size, null);
      if (read === 0) break;
      yield decoder.decode(buffer.subarray(0, read), { stream: true });
    }
    const tail = decoder.decode();
    if (tail) yield tail;
  } finally {
    closeSync(fd);
  }
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.') && !/\.(md|json|pdf|tsv)$/i.test(entry.name))
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

/** `indexDir`: where the host indexes are written for the build to copy into the package. */
export function bakeStaticLists(dir: string, blockPageUrl: string, indexDir: string): BakedRuleset[] {
  if (!statSync(dir).isDirectory()) throw new Error(`LISTS_DIR ${dir} is not a folder.`);
  const byCategory = new Map<Category, { path: string; format: ListFormat }[]>();
  const problems: string[] = [];
  for (const file of listFiles(dir)) {
    const kind = classifyListFile(file);
    if ('error' in kind) problems.push(kind.error);
    else byCategory.set(kind.category, [...(byCategory.get(kind.category) ?? []), { path: join(dir, file), format: kind.format }]);
  }
  if (problems.length > 0) throw new Error(`LISTS_DIR has files the build cannot place:\n${problems.join('\n')}`);
  const baked: BakedRuleset[] = [];
  mkdirSync(indexDir, { recursive: true });
  for (const [category, files] of byCategory) {
    const build = buildStaticRuleset(
      category,
      files.map((f) => ({ format: f.format, pieces: filePieces(f.path) })),
      blockPageUrl,
    );
    const id = staticRulesetId(category);
    const file = join(indexDir, `${id}.index`);
    writeFileSync(file, new Uint8Array(build.index.buffer, build.index.byteOffset, build.index.byteLength));
    baked.push({ id, path: `rules/${id}.json`, json: JSON.stringify(build.rules), build, index: { path: hostIndexPath(id), file } });
  }
  const rules = baked.reduce((sum, b) => sum + b.build.rules.length, 0);
  if (baked.length > MAX_ENABLED_STATIC_RULESETS || rules > GUARANTEED_STATIC_RULES) {
    throw new Error(
      `Baked lists need ${baked.length} rulesets and ${rules} rules; Chrome guarantees ${MAX_ENABLED_STATIC_RULESETS} and ${GUARANTEED_STATIC_RULES}.`,
    );
  }
  return baked;
}
