import { startSharedServer } from '@pattern/testing/e2e';
import type { FullConfig } from '@playwright/test';

/** Starts the server every spec shares, at the config's baseURL; Playwright runs the returned teardown at the end. */
export default function globalSetup(config: FullConfig): Promise<() => Promise<void>> {
  const baseURL = config.projects[0]?.use.baseURL;
  if (!baseURL) throw new Error('playwright.config.ts names no baseURL for the shared server');
  return startSharedServer(baseURL);
}
