import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Unit tests: the pure core in Node, adapters against WXT's fake browser and fake-indexeddb.
export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['src/**/*.test.ts', 'entrypoints/**/*.test.ts', 'test/tools/**/*.test.ts', 'test/unit/**/*.test.ts'],
    setupFiles: ['fake-indexeddb/auto'],
    restoreMocks: true,
  },
});
