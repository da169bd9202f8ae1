import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests spawn the CLI; property tests replay thousands of logs.
    testTimeout: 60_000,
  },
});
