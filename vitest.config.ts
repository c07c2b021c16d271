import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 20_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['packages/*/test/**/*.test.ts', 'apps/server/test/**/*.test.ts', 'mods/*/test/**/*.test.ts', 'templates/*/test/**/*.test.ts'],
          setupFiles: ['@pattern/testing/vitest-setup'],
        },
      },
      'apps/web/vitest.config.ts',
    ],
  },
});
