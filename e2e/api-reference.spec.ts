import { expect, test } from '@playwright/test';
import { edge } from '../apps/web/test/fixtures/workflows.ts';
import { ARTIFACTS, saveWorkflow } from './helpers.ts';

const ORDER = {
  type: 'object',
  required: ['items'],
  properties: { items: { type: 'array', items: { type: 'object', required: ['qty'], properties: { qty: { type: 'integer', minimum: 1 } } } } },
};

test('the API reference draws the routes and Pattern’s API, with no console errors', async ({ page, request }) => {
  const bundle = await request.get('/docs/api/reference.js');
  test.skip(bundle.status() === 404, 'the reference needs the @scalar/api-reference package, which is not installed');
  await saveWorkflow(request, {
    id: 'reference.orders',
    name: 'Place an order',
    description: 'Takes an order and answers with it.',
    nodes: [
      { id: 'req', op: 'http.request', config: { method: 'POST', path: '/reference/orders', bodySchema: ORDER }, position: { x: 0, y: 0 } },
      { id: 'res', op: 'http.response', config: { status: 201 }, position: { x: 320, y: 0 } },
    ],
    edges: [edge('req', 'body', 'res', 'body')],
  });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));

  await page.goto('/docs/api');
  await expect(page.getByText('Place an order').first()).toBeVisible();
  await expect(page.getByText('Pattern API').first()).toBeVisible();
  await page.screenshot({ path: `${ARTIFACTS}/api-reference.png` });
  expect(errors).toEqual([]);
});

test('the editor links a route workflow to the reference', async ({ page, request }) => {
  await saveWorkflow(request, {
    id: 'reference.linked',
    nodes: [{ id: 'req', op: 'http.request', config: { path: '/reference/linked' }, position: { x: 0, y: 0 } }],
    edges: [],
  });
  await page.goto('/workflows/reference.linked');
  await expect(page.getByRole('link', { name: 'API reference' })).toHaveAttribute('href', '/docs/api');
});
