import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Unit and integration tests only; Playwright specs live in tests/e2e and run with `playwright test`.
    include: ['tests/unit/**/*.test.ts'],
    // Catches a hang; speed is measured in bench/, never here (2 busy cores can take a while).
    testTimeout: 60_000,
    pool: 'forks',
  },
});
