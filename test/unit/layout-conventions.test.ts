import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

function filesUnder(dir: string, keep: (path: string) => boolean): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter(keep);
}

const isProductionSource = (path: string) => /\.(ts|tsx)$/.test(path) && !/\.test\.ts$/.test(path);
const importsOf = (path: string) =>
  [...readFileSync(join(root, path), 'utf8').matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)].map(
    (m) => m[1] ?? '',
  );

/** Shipped code: everything the extension build can reach, plus the build config itself. */
const shipped = [...filesUnder('src', isProductionSource), ...filesUnder('entrypoints', isProductionSource), 'wxt.config.ts'];

describe('layout conventions', () => {
  it('shipped code never imports test code (fakes and fixtures live in test/fixtures)', () => {
    const offenders = shipped.flatMap((path) =>
      importsOf(path)
        .filter((spec) => /(^|\/)test\//.test(spec) || spec.startsWith('@/test'))
        .map((spec) => `${path} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('no fake or test helper is defined in shipped code', () => {
    const offenders = shipped.filter((path) =>
      /export\s+(?:async\s+)?(?:function|const|class)\s+(?:createFake|fake|test)[A-Z]/.test(readFileSync(join(root, path), 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('the build config takes its build code from scripts/, not test/', () => {
    expect(importsOf('wxt.config.ts').filter((spec) => spec.includes('test/'))).toEqual([]);
  });
});
