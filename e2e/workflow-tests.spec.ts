import { seriousViolations } from '@pattern/testing/e2e';
import { expect, test } from '@playwright/test';
import { edge } from '../apps/web/test/fixtures/workflows.ts';
import { ARTIFACTS, saveWorkflow } from './helpers.ts';

const greeter = {
  id: 'tested-greeter',
  name: 'Tested greeter',
  nodes: [
    { id: 'req', op: 'http.request', config: { method: 'GET', path: '/tested-greeter/:name' }, position: { x: 0, y: 0 } },
    { id: 'text', op: 'string.template', config: { template: 'Hello, {{ name }}!' }, position: { x: 320, y: 0 } },
    { id: 'res', op: 'http.response', position: { x: 640, y: 0 } },
  ],
  edges: [edge('req', 'params', 'text', 'data'), edge('text', 'text', 'res', 'body')],
  tests: [
    { name: 'greets Ada', input: { params: { name: 'Ada' } }, expect: { nodes: { text: { outputs: { text: 'Hello, Ada!' } } } } },
    { name: 'says hi to Grace', input: { params: { name: 'Grace' } }, expect: { nodes: { text: { outputs: { text: 'Hi, Grace!' } } } } },
  ],
};

test('the Tests tab runs the cases, shows what differed, and saves a run as a new case', async ({ page, request }) => {
  await saveWorkflow(request, greeter);
  await page.goto(`/workflows/${greeter.id}`);
  await expect(page.locator('.react-flow__node')).toHaveCount(3);
  await page.getByRole('tab', { name: 'Tests' }).click();
  await expect(page.locator('[data-test-state]')).toHaveCount(2);
  await page.getByRole('button', { name: 'Run all' }).click();

  await expect(page.locator('.test-case', { hasText: 'greets Ada' })).toHaveAttribute('data-test-state', 'passed');
  const failing = page.locator('.test-case', { hasText: 'says hi to Grace' });
  await expect(failing).toHaveAttribute('data-test-state', 'failed');
  await expect(failing.getByRole('list', { name: 'What differed in says hi to Grace' })).toContainText('nodes.text.outputs.text');
  await expect(failing.locator('.test-diff-expected')).toHaveText('"Hi, Grace!"');
  await expect(failing.locator('.test-diff-actual')).toHaveText('"Hello, Grace!"');
  // The failing case's run is drawn on the canvas, as a run from the Run tab is.
  await expect(page.locator('.react-flow__node[data-id="text"]')).toContainText('ok');
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: `${ARTIFACTS}/workflow-tests.png` });

  await page.getByRole('tab', { name: 'Run' }).click();
  await page.locator('.run-input').fill('{"params":{"name":"Lin"}}');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByRole('button', { name: 'Save this run as a test' }).click();
  await page.getByRole('tab', { name: 'Tests' }).click();
  await expect(page.locator('[data-test-state]')).toHaveCount(3);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('save-state')).toHaveText('Saved');
  await page.getByRole('button', { name: 'Run all' }).click();
  await expect(page.locator('[data-test-state="passed"]')).toHaveCount(2);
  const saved = (await (await request.get(`/api/workflows/${greeter.id}`)).json()) as { document: { tests: Array<{ input: unknown }> } };
  expect(saved.document.tests.at(-1)?.input).toEqual({ params: { name: 'Lin' } });
});
