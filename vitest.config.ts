import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 20_000,
    // Hooks start real servers, which spawnServer gives 60 s on a busy machine.
    hookTimeout: 60_000,
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
