import { seriousViolations } from '@pattern/testing/e2e';
import { expect, test } from '@playwright/test';
import { ARTIFACTS, nodeLocator, saveWorkflow } from './helpers.ts';

const nightly = {
  id: 'e2e-nightly',
  name: 'E2E nightly',
  nodes: [
    { id: 'tick', op: 'schedule.trigger', config: { cron: '0 3 * * *', timezone: 'Europe/Berlin' }, position: { x: 0, y: 0 } },
    { id: 'out', op: 'flow.output', position: { x: 320, y: 0 } },
  ],
  edges: [{ from: { node: 'tick', port: 'firedAt' }, to: { node: 'out', port: 'value' } }],
};

test('the workflows list shows when a schedule fires next and pauses it with its switch', async ({ page, request }) => {
  await saveWorkflow(request, nightly);
  await page.goto('/');
  const row = page.getByRole('row').filter({ hasText: 'E2E nightly' });
  await expect(row.locator('.next-fire')).toBeVisible();
  const toggle = row.getByRole('switch', { name: 'E2E nightly active' });
  await expect(toggle).toHaveAttribute('aria-checked', 'true');
  expect(await seriousViolations(page)).toEqual([]);

  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-checked', 'false');
  await expect(row.locator('.next-fire')).toHaveCount(0);
  expect(await (await request.get('/api/workflows/e2e-nightly/state')).json()).toMatchObject({ active: false });

  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-checked', 'true');
  await page.screenshot({ path: `${ARTIFACTS}/schedules-list.png` });
});

test('the cron field lists the next five fire times in the node’s zone as it is typed, and says why an expression is wrong', async ({
  page,
  request,
}) => {
  await saveWorkflow(request, nightly);
  await page.goto('/workflows/e2e-nightly');
  await expect(page.getByRole('switch', { name: 'E2E nightly active' })).toHaveAttribute('aria-checked', 'true');
  await nodeLocator(page, 'tick').click();
  const cron = page.getByRole('textbox', { name: /cron/ });
  await expect(cron).toHaveValue('0 3 * * *');
  const times = page.locator('.cron-times li');
  await expect(times).toHaveCount(5);
  await expect(page.locator('.cron-preview')).toContainText('Europe/Berlin');

  await cron.fill('*/15 9-17 * * 1-5');
  await expect(times).toHaveCount(5);
  await expect(times.first()).toContainText(/:(00|15|30|45):00/);

  await cron.fill('61 * * * *');
  await expect(page.locator('.cron-error')).toContainText('minute');
  await page.getByRole('button', { name: 'Daily 03:00' }).click();
  await expect(cron).toHaveValue('0 3 * * *');
  await expect(times).toHaveCount(5);
  expect(await seriousViolations(page)).toEqual([]);
});
