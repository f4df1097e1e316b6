/**
 * Splits the e2e files into shards of about equal running time (longest first, each to the lightest shard),
 * from the durations in test/e2e/durations.json; a file not listed there counts as DEFAULT_SECONDS. Vitest's
 * own --shard splits by file count, which left one shard a minute behind the other.
 *   tsx scripts/e2e-shards.ts 3    → one line per shard, its files separated by spaces
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const DEFAULT_SECONDS = 20;
const root = resolve(import.meta.dirname, '..');
const shards = Math.max(1, Number(process.argv[2] ?? 2) || 2);
const durations = JSON.parse(readFileSync(join(root, 'test/e2e/durations.json'), 'utf8')) as Record<string, number>;
const files = readdirSync(join(root, 'test/e2e'))
  .filter((name) => name.endsWith('.test.ts'))
  .map((name) => `test/e2e/${name}`);
const weight = (file: string) => durations[file] ?? DEFAULT_SECONDS;
const buckets = Array.from({ length: shards }, () => ({ seconds: 0, files: [] as string[] }));
for (const file of [...files].sort((a, b) => weight(b) - weight(a) || a.localeCompare(b))) {
  const lightest = buckets.reduce((best, bucket) => (bucket.seconds < best.seconds ? bucket : best));
  lightest.seconds += weight(file);
  lightest.files.push(file);
}
for (const bucket of buckets) console.log(bucket.files.join(' '));
