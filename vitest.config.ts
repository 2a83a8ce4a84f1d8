import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Unit and integration tests only; Playwright specs live in tests/e2e and run with `playwright test`.
    include: ['tests/unit/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
  },
});
