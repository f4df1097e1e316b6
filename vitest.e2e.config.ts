import { defineConfig } from 'vitest/config';

// End-to-end tests drive Debian's Chromium with the built extension and real policy files. They
// share the machine's policy directory, so files run one at a time.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 60_000,
    retry: process.env.CI ? 1 : 0,
  },
});
