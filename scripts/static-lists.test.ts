import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { coveringHost, hostIndexFromBytes } from '../src/core/lists/host-index';
import { bakeStaticLists } from './static-lists';

let dir: string | undefined;
afterEach(() => {
  if (dir) for (const path of [dir, `${dir}.index`]) rmSync(path, { recursive: true, force: true });
  dir = undefined;
});

describe('bakeStaticLists (LISTS_DIR build option)', () => {
  it('bakes one ruleset per category from files and folders', () => {
    dir = mkdtempSync(join(tmpdir(), 'baked-'));
    writeFileSync(join(dir, 'gambling.txt'), 'bet.example\nwww.casino.example\n');
    mkdirSync(join(dir, 'pornography'));
    writeFileSync(join(dir, 'pornography', 'a.hosts'), '0.0.0.0 adult.example\n');
    writeFileSync(join(dir, 'pornography', 'b.txt'), 'more.example\n');
    writeFileSync(join(dir, 'README.md'), '# notes are ignored\n');
    const baked = bakeStaticLists(dir, 'chrome-extension://x/blocked.html', `${dir}.index`);
    expect(baked.map((b) => [b.id, b.path])).toEqual([
      ['list_gambling', 'rules/list_gambling.json'],
      ['list_pornography', 'rules/list_pornography.json'],
    ]);
    expect(JSON.parse(baked[1]!.json)[1].condition.requestDomains).toEqual(['adult.example', 'more.example']);
    expect(baked[0]!.build.reduce.output).toBe(2);
    // Each ruleset's host index is written for the package, beside its rules.
    expect(baked[1]!.index.path).toBe('rules/list_pornography.index');
    const bytes = readFileSync(baked[1]!.index.file);
    const index = hostIndexFromBytes(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    expect(index && coveringHost(index, 'www.more.example')).toBe('more.example');
    expect(index && coveringHost(index, 'bet.example')).toBeNull();
  });

  it('refuses a folder with files it cannot place', () => {
    dir = mkdtempSync(join(tmpdir(), 'baked-'));
    writeFileSync(join(dir, 'adult.txt'), 'x.example\n');
    expect(() => bakeStaticLists(dir!, 'chrome-extension://x/blocked.html', `${dir}.index`)).toThrow(/"adult" is not a category/);
  });
});
