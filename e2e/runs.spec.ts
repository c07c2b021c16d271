import { seriousViolations } from '@pattern/testing/e2e';
import { type APIRequestContext, expect, test } from '@playwright/test';
import { ARTIFACTS, nodeLocator, saveWorkflow } from './helpers.ts';

/** input → wait → output: the run's input comes out after `ms`. */
function delayWorkflow(id: string, name: string, ms: number) {
  return {
    id,
    name,
    nodes: [
      { id: 'input', op: 'flow.input', position: { x: 0, y: 0 } },
      { id: 'wait', op: 'flow.delay', config: { ms }, position: { x: 300, y: 0 } },
      { id: 'output', op: 'flow.output', position: { x: 600, y: 0 } },
    ],
    edges: [
      { from: { node: 'input', port: 'value' }, to: { node: 'wait', port: 'value' } },
      { from: { node: 'wait', port: 'value' }, to: { node: 'output', port: 'value' } },
    ],
  };
}

async function startRun(request: APIRequestContext, body: Record<string, unknown>) {
  const response = await request.post('/api/runs', { data: body });
  expect(response.ok(), await response.text()).toBe(true);
  return (await response.json()) as { id: string; status: string };
}

test('a running run shows up live, opens with its graph and waterfall, and can be cancelled', async ({ page, request }) => {
  await saveWorkflow(request, delayWorkflow('slow-report', 'Slow report', 60_000));
  await page.goto('/runs');
  const run = await startRun(request, { workflowId: 'slow-report', input: { month: 11 }, wait: false });
  expect(run.status).toBe('running');

  // The list reads itself again: the new run appears without a reload, as running.
  const link = page.getByRole('link', { name: `Run ${run.id}` });
  await expect(link).toBeVisible();
  const row = page.getByRole('row').filter({ has: link });
  await expect(row.locator('[data-run-status]')).toHaveAttribute('data-run-status', 'running');
  await expect(row).toContainText('Slow report');
  await expect(row).toContainText('api');
  await page.screenshot({ path: `${ARTIFACTS}/runs-list.png` });
  expect(await seriousViolations(page)).toEqual([]);

  await link.click();
  await expect(nodeLocator(page, 'input').locator('[data-status]')).toHaveAttribute('data-status', 'ok');
  await expect(nodeLocator(page, 'wait').locator('[data-status]')).toHaveAttribute('data-status', 'running');
  await expect(page.getByTestId('waterfall').locator('[data-node="wait"] .waterfall-bar')).toHaveClass(/bar-running/);
  await page.getByRole('button', { name: 'Cancel run' }).click();
  await expect(page.locator('h1 [data-run-status]')).toHaveAttribute('data-run-status', 'cancelled');
  await expect(page.getByRole('button', { name: 'Cancel run' })).toBeHidden();
  const stored = (await (await request.get(`/api/runs/${run.id}`)).json()) as { status: string };
  expect(stored.status).toBe('cancelled');
  await page.getByRole('link', { name: 'Runs' }).first().click();
  await expect(page.getByRole('row').filter({ has: link }).locator('[data-run-status]')).toHaveAttribute('data-run-status', 'cancelled');
});

test('filters by workflow and status, shows each node’s values, and re-runs with the same input', async ({ page, request }) => {
  await saveWorkflow(request, delayWorkflow('quick-echo', 'Quick echo', 200));
  const first = await startRun(request, { workflowId: 'quick-echo', input: { greeting: 'hello' }, wait: true });
  expect(first.status).toBe('ok');
  await startRun(request, { workflow: delayWorkflow('inline', 'inline', 1), input: 1, wait: true });

  await page.goto('/runs');
  await page.getByLabel('Workflow').selectOption('quick-echo');
  await expect(page).toHaveURL(/workflow=quick-echo/);
  const table = page.getByRole('table', { name: 'Runs' });
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await expect(table).toContainText('Quick echo');
  await page.getByLabel('Status').selectOption('error');
  await expect(page.getByText('No run matches these filters')).toBeVisible();
  await page.getByLabel('Status').selectOption('ok');
  await expect(table.locator('tbody tr')).toHaveCount(1);

  await page.getByRole('link', { name: `Run ${first.id}` }).click();
  const waterfall = page.getByTestId('waterfall');
  await expect(waterfall.locator('.waterfall-row[data-node]')).toHaveCount(3);
  // Rows follow the order nodes started in.
  expect(await waterfall.locator('.waterfall-row[data-node]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-node')))).toEqual([
    'input',
    'wait',
    'output',
  ]);
  await waterfall.getByRole('button', { name: 'wait' }).click();
  const detail = page.getByTestId('node-detail');
  await expect(detail).toContainText('flow.delay');
  await expect(detail.locator('[data-value-of="input.value"]')).toContainText('"greeting": "hello"');
  await expect(detail.locator('[data-value-of="output.value"]')).toContainText('"greeting": "hello"');
  await expect(page.locator('[data-value-of="run.output"]')).toContainText('"greeting": "hello"');
  await page.screenshot({ path: `${ARTIFACTS}/run-page.png`, fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: `${ARTIFACTS}/run-page-dark.png` });
  expect(await seriousViolations(page)).toEqual([]);
  await page.emulateMedia({ colorScheme: 'light' });

  await page.getByRole('button', { name: 'Re-run with the same input' }).click();
  await expect(page).not.toHaveURL(new RegExp(`/runs/${first.id}$`));
  await expect(page.locator('h1 [data-run-status]')).toHaveAttribute('data-run-status', 'ok');
  const again = page.url().split('/').pop() ?? '';
  const rerun = (await (await request.get(`/api/runs/${again}`)).json()) as { workflowId: string; input: unknown; output: unknown };
  expect(rerun).toMatchObject({ workflowId: 'quick-echo', input: { greeting: 'hello' }, output: { greeting: 'hello' } });
});

test('an inline run that failed shows the failing node and its error', async ({ page, request }) => {
  const failed = await startRun(request, {
    workflow: {
      nodes: [{ id: 'boom', op: 'flow.fail', config: { message: 'the report is missing' }, position: { x: 0, y: 0 } }],
      edges: [],
    },
    input: null,
    wait: true,
  });
  expect(failed.status).toBe('error');
  await page.goto(`/runs/${failed.id}`);
  await expect(page.getByRole('heading', { name: /Inline run/ })).toBeVisible();
  await expect(nodeLocator(page, 'boom').locator('[data-status]')).toHaveAttribute('data-status', 'error');
  await expect(page.getByTestId('node-detail')).toContainText('the report is missing');
  expect(await seriousViolations(page)).toEqual([]);
});
