import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Unit tests: the pure core in Node, adapters against WXT's fake browser and fake-indexeddb.
export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['src/**/*.test.ts', 'entrypoints/**/*.test.ts', 'scripts/**/*.test.ts', 'test/unit/**/*.test.ts'],
    setupFiles: ['fake-indexeddb/auto'],
    restoreMocks: true,
    // Correctness, never speed (speed lives in npm run bench): a million-domain test may share the CPU with lint.
    testTimeout: 30_000,
  },
});
