import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

const port = Number(process.env.PATTERN_E2E_PORT ?? 3917);
// A fresh data directory per test session: the browser tests start from an empty Pattern. Workers
// load this file again; the variable (inherited from the runner) keeps them on the same directory.
process.env.PATTERN_E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'pattern-e2e-'));
const dataDir = process.env.PATTERN_E2E_DATA_DIR;

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
  webServer: {
    command: 'npx tsx apps/server/src/main.ts',
    url: `http://127.0.0.1:${port}/api/health`,
    env: { PORT: String(port), PATTERN_DATA_DIR: dataDir, HOST: '127.0.0.1' },
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
