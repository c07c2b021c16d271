import { defineConfig } from '@playwright/test';

const port = Number(process.env.PATTERN_E2E_PORT ?? 3917);

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'e2e/artifacts/results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: { executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-background-networking'] },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  // The shared server (a fresh Pattern per session) starts the way every test server does: @pattern/testing's spawnServer.
  globalSetup: './e2e/global-setup.ts',
});
