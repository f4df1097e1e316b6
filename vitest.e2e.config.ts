import { defineConfig } from 'vitest/config';

// End-to-end tests drive Debian's Chromium with the built extension and real policy files. Within a shard
// files run one at a time (they share its policy folder); scripts/e2e.sh runs shards side by side, each in
// its own mount namespace. One retry: a 2-core machine running three Chromiums can miss a timing once.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 60_000,
    retry: 1,
  },
});
