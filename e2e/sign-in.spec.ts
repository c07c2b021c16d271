import { type ServerProcess, spawnServer, stopServer, tempDir } from '@pattern/testing';
import { expect, test } from '@playwright/test';

const TOKEN = 'e2e-admin-token-0123456789abcdef0123';
let server: ServerProcess | undefined;
let url = '';

// A server of its own, guarded by an admin token (the shared one of the other tests is open).
test.beforeAll(async () => {
  const dataDir = tempDir('pattern-e2e-auth-');
  server = await spawnServer(dataDir, { dataDir }, { PATTERN_ADMIN_TOKEN: TOKEN });
  url = server.url;
});

test.afterAll(async () => {
  if (server) await stopServer(server);
});

test('a guarded server: sign in, a lapsed session goes back to the login page, sign out', async ({ page, context }) => {
  await page.goto(`${url}/runs`);
  await expect(page).toHaveURL(`${url}/login?next=%2Fruns`);
  await page.getByLabel('Admin token').fill(TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${url}/runs`);
  await expect(page.getByRole('heading', { name: 'Runs', exact: true })).toBeVisible();
  // The app found the API guarded: it offers to sign out.
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();

  // The session ends while the app is open: the next API call sends the user to sign in, and back.
  await context.clearCookies();
  await page.getByRole('link', { name: 'Workflows' }).click();
  await expect(page).toHaveURL(`${url}/login?next=%2F`);
  await page.getByLabel('Admin token').fill(TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${url}/`);
  await expect(page.getByRole('heading', { name: 'Workflows', exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  const response = await page.request.get(`${url}/api/workflows`);
  expect(response.status()).toBe(401);
});

test('an open server shows no sign-out', async ({ page }) => {
  // Wait for the check's answer before looking for what it would show.
  const checked = page.waitForResponse((r) => r.url().endsWith('/api/health'));
  await page.goto('/');
  expect(await (await checked).json()).toMatchObject({ auth: false });
  await expect(page.getByRole('heading', { name: 'Workflows', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
});
