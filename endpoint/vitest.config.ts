import { defineConfig } from 'vitest/config';

// Endpoint tests: real PGlite (and PostgreSQL when its binaries are installed), local receivers.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
