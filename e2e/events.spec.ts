import { seriousViolations } from '@pattern/testing/e2e';
import { type APIRequestContext, expect, test } from '@playwright/test';
import { ARTIFACTS, hasOp } from './helpers.ts';

async function command(request: APIRequestContext, id: string, name: string, payload: unknown) {
  const response = await request.post(`/api/aggregates/Order/${id}/commands/${name}`, { data: payload });
  expect(response.ok(), await response.text()).toBe(true);
}

/** Appends through the `events.append` op, so the events carry the run that wrote them. */
async function appendInRun(request: APIRequestContext, type: string, id: string, events: unknown[]): Promise<string> {
  const response = await request.post('/api/ops/events.append/invoke', { data: { inputs: { aggregateType: type, aggregateId: id, events } } });
  expect(response.ok(), await response.text()).toBe(true);
  const run = (await response.json()) as { id: string; status: string };
  expect(run.status).toBe('ok');
  return run.id;
}

test('browse event streams, an event with its run and correlation, and slide the aggregate through its versions', async ({ page, request }) => {
  expect(await hasOp(request, 'events.append'), 'the event-store mod is loaded in this server').toBe(true);
  await command(request, 'ev-1', 'place', {
    customerId: 'c-7',
    items: [
      { sku: 'pen', price: 3 },
      { sku: 'ink', price: 4 },
    ],
  });
  await command(request, 'ev-1', 'ship', {});
  const runId = await appendInRun(request, 'Order', 'ev-2', [
    { type: 'OrderPlaced', payload: { orderId: 'ev-2', customerId: 'c-8', items: [], total: 0 }, metadata: { correlationId: 'checkout-42' } },
  ]);
  await appendInRun(request, 'Invoice', 'ev-inv', [
    { type: 'InvoiceIssued', payload: { orderId: 'ev-2', amount: 0 }, metadata: { correlationId: 'checkout-42' } },
  ]);

  // From the data browser's tabs to the streams, narrowed by prefix.
  await page.goto('/data');
  await page.getByRole('link', { name: 'Events' }).click();
  await expect(page).toHaveURL(/\/data\/events$/);
  await page.getByLabel('Stream prefix').fill('Order/ev-');
  await expect(page).toHaveURL(/prefix=Order%2Fev-/);
  const streams = page.getByRole('table', { name: 'Event streams' });
  await expect(streams.getByRole('row')).toHaveCount(3);
  await expect(streams).toContainText('Order/ev-1');
  await expect(streams).not.toContainText('Invoice/ev-inv');
  await page.screenshot({ path: `${ARTIFACTS}/events-streams.png` });
  expect(await seriousViolations(page)).toEqual([]);

  await streams.getByRole('link', { name: 'Order/ev-1' }).click();
  const events = page.getByRole('table', { name: 'Events' });
  await expect(events.getByRole('row')).toHaveCount(3);
  await expect(events.locator('tr[data-version="1"]')).toContainText('OrderPlaced');
  await expect(events.locator('tr[data-version="2"]')).toContainText('OrderShipped');

  // The aggregate's state now, then at version 1 with the slider.
  const state = page.getByRole('region', { name: 'Aggregate state' });
  await expect(state.getByTestId('as-of-version')).toHaveText('2');
  await expect(state.locator('[data-value-of="state"]')).toContainText('"status": "shipped"');
  const slider = state.getByLabel('Aggregate version');
  await slider.focus();
  await page.keyboard.press('ArrowLeft');
  await expect(state.getByTestId('as-of-version')).toHaveText('1');
  await expect(state.locator('[data-value-of="state"]')).toContainText('"status": "placed"');
  await expect(state.locator('[data-value-of="state"]')).toContainText('"total": 7');
  await slider.fill('2');
  await expect(state.locator('[data-value-of="state"]')).toContainText('"status": "shipped"');

  await events.getByRole('link', { name: 'OrderPlaced' }).click();
  const detail = page.getByRole('region', { name: 'Event OrderPlaced version 1' });
  await expect(detail.locator('[data-value-of="payload"]')).toContainText('"customerId": "c-7"');
  await expect(detail).toContainText('api');
  await page.screenshot({ path: `${ARTIFACTS}/events-stream.png` });
  expect(await seriousViolations(page)).toEqual([]);

  // An event written by a run links to the run, and to every event of its correlation.
  await page.goto('/data/events/Order/ev-2');
  await page.getByRole('table', { name: 'Events' }).getByRole('link', { name: 'OrderPlaced' }).click();
  const written = page.getByRole('region', { name: 'Event OrderPlaced version 1' });
  await expect(written.getByRole('link', { name: runId })).toHaveAttribute('href', `/runs/${runId}`);
  await written.getByRole('link', { name: 'Events of correlation checkout-42' }).click();
  await expect(page).toHaveURL(/correlation=checkout-42/);
  const correlated = page.getByRole('table', { name: 'Events of the correlation' });
  await expect(correlated.getByRole('row')).toHaveCount(3);
  await expect(correlated).toContainText('Order/ev-2');
  await expect(correlated).toContainText('Invoice/ev-inv');
  expect(await seriousViolations(page)).toEqual([]);

  // A stream no mod folds into a state still shows its events, and says so.
  await correlated.getByRole('link', { name: 'Invoice/ev-inv' }).click();
  await expect(page.getByRole('table', { name: 'Events' }).getByRole('row')).toHaveCount(2);
  await expect(page.getByRole('region', { name: 'Aggregate state' })).toContainText('No aggregate is defined for “Invoice”');

  await page.goto(`/runs/${runId}`);
  await expect(page).toHaveURL(new RegExp(`/runs/${runId}$`));
});

test('streams and long streams page, an event leads to its cause in another stream, an unknown stream says so', async ({ page, request }) => {
  expect(await hasOp(request, 'events.append'), 'the event-store mod is loaded in this server').toBe(true);
  // More streams than one page holds.
  const ids = Array.from({ length: 55 }, (_, i) => `page-${String(i).padStart(2, '0')}`);
  for (const id of ids) await appendInRun(request, 'Paged', id, [{ type: 'Opened', payload: {} }]);
  await page.goto('/data/events?prefix=Paged%2F');
  const streams = page.getByRole('table', { name: 'Event streams' });
  await expect(streams.getByRole('row')).toHaveCount(51);
  await page.getByRole('button', { name: 'Load more' }).click();
  await expect(streams.getByRole('row')).toHaveCount(56);
  await expect(page.getByRole('button', { name: 'Load more' })).toHaveCount(0);

  await page.getByLabel('Stream prefix').fill('Nothing/');
  await expect(page.getByRole('heading', { name: 'No stream starts with “Nothing/”' })).toBeVisible();

  // A long stream pages too; an event names its cause, followed across streams.
  const cause = (await (
    await request.post('/api/ops/events.append/invoke', {
      data: { inputs: { aggregateType: 'Cart', aggregateId: 'cause-1', events: [{ id: 'cart-checked-out-1', type: 'CheckedOut', payload: {} }] } },
    })
  ).json()) as { status: string };
  expect(cause.status).toBe('ok');
  const many = Array.from({ length: 130 }, (_, i) => ({
    type: 'ItemScanned',
    payload: { n: i + 1 },
    ...(i === 0 ? { metadata: { causationId: 'cart-checked-out-1' } } : {}),
  }));
  await appendInRun(request, 'Till', 'long-1', many);
  await page.goto('/data/events/Till/long-1');
  const events = page.getByRole('table', { name: 'Events' });
  await expect(events.locator('tbody tr')).toHaveCount(100);
  await page.getByRole('button', { name: 'Load more' }).click();
  await expect(events.locator('tbody tr')).toHaveCount(130);
  await expect(events.locator('tr[data-version="130"]')).toContainText('ItemScanned');
  await events.locator('tr[data-version="1"]').getByRole('link', { name: 'ItemScanned' }).click();
  await page.getByRole('button', { name: 'cart-checked-out-1' }).click();
  await expect(page).toHaveURL(/\/data\/events\/Cart\/cause-1\?event=cart-checked-out-1$/);
  await expect(page.getByRole('region', { name: 'Event CheckedOut version 1' })).toBeVisible();

  await page.goto('/data/events/Order/never-written');
  await expect(page.getByRole('alert')).toContainText('There is no stream Order/never-written');
});
