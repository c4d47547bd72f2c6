import { defineConfig } from 'vitest/config';

// Tests sit next to the code they test (`*.test.ts`); see ARCHITECTURE.md § Tests.
export default defineConfig({
  test: {
    include: ['{engine,data,scenarios,workers,viewer,bench}/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
