import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['core/**/*.test.ts', 'cli/**/*.test.ts', 'functions/**/*.test.ts', 'test/**/*.test.ts', 'infra/**/*.test.ts', 'extension/server/**/*.test.ts', 'extension/client/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
