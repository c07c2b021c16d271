import { seriousViolations } from '@pattern/testing/e2e';
import { type APIRequestContext, expect, test } from '@playwright/test';
import { ARTIFACTS } from './helpers.ts';

async function putDoc(request: APIRequestContext, collection: string, id: string, data: unknown, version?: number) {
  const response = await request.put(`/api/store/collections/${collection}/docs/${id}`, {
    data,
    headers: version === undefined ? {} : { 'If-Match': String(version) },
  });
  expect(response.ok(), await response.text()).toBe(true);
  return (await response.json()) as { id: string; version: number; data: Record<string, unknown> };
}

const STATUSES = ['open', 'paid', 'held'];

/** A collection only these tests write to, so the tests do not depend on each other's data. */
async function seedOrders(request: APIRequestContext, name: string, count: number) {
  const declared = await request.post('/api/store/collections', { data: { name, indexes: ['status', 'total'] } });
  expect(declared.ok(), await declared.text()).toBe(true);
  for (let i = 0; i < count; i++) {
    await putDoc(request, name, `o${String(i).padStart(3, '0')}`, { status: STATUSES[i % 3], total: i * 10, customer: { name: `Customer ${i}` } });
  }
}

test('documents created through the API show up, a page at a time', async ({ page, request }) => {
  await seedOrders(request, 'orders_seen', 60);
  await page.goto('/data');
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'orders_seen' }) });
  await expect(row).toContainText('60');
  await expect(row).toContainText('status');
  await row.getByRole('link', { name: 'orders_seen' }).click();
  const table = page.getByRole('table', { name: 'Documents of orders_seen' });
  await expect(table.getByRole('link', { name: 'o000' })).toBeVisible();
  await expect(table.locator('tbody tr')).toHaveCount(50);
  await expect(page.getByTestId('row-range')).toHaveText('Rows 1–50');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(table.locator('tbody tr')).toHaveCount(10);
  await expect(page.getByTestId('row-range')).toHaveText('Rows 51–60');
  await expect(table.getByRole('link', { name: 'o059' })).toBeVisible();
  await page.getByRole('button', { name: 'Previous' }).click();
  await expect(table.getByRole('link', { name: 'o000' })).toBeVisible();

  // Sorting by an index, done by the server: the largest total first.
  await table.getByRole('button', { name: 'total' }).click();
  await table.getByRole('button', { name: 'total' }).click();
  await expect(table.locator('tbody tr').first()).toContainText('o059');
  await expect(table.getByRole('columnheader', { name: 'total' })).toHaveAttribute('aria-sort', 'descending');

  // The column chooser offers the documents' top-level fields.
  await page.getByText('Columns', { exact: true }).click();
  await page.getByRole('checkbox', { name: 'customer' }).check();
  await expect(table.getByRole('columnheader', { name: 'customer' })).toBeVisible();
  await expect(table.locator('tbody tr').first()).toContainText('Customer 59');
  await page.getByText('Columns', { exact: true }).click();

  await page.screenshot({ path: `${ARTIFACTS}/data-documents.png` });
  expect(await seriousViolations(page)).toEqual([]);
  await page.goto('/data');
  await page.screenshot({ path: `${ARTIFACTS}/data-collections.png` });
  expect(await seriousViolations(page)).toEqual([]);

  // An index added later is filled for the 60 documents already there, then offered by the filter.
  await page.getByLabel('New index on orders_seen').fill('customer.name');
  // The button of this collection's row: other tests' collections have their own.
  await row.getByRole('button', { name: 'Add index' }).click();
  await expect(row.locator('.chip')).toHaveText(['status', 'total', 'customer.name']);
  await row.getByRole('link', { name: 'orders_seen' }).click();
  await page.getByRole('button', { name: 'Add condition' }).click();
  await page.getByLabel('Field', { exact: true }).selectOption('customer.name');
  await page.getByLabel('Value').fill('Customer 42');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('table', { name: 'Documents of orders_seen' }).locator('tbody tr')).toHaveCount(1);
  await expect(page.getByRole('table', { name: 'Documents of orders_seen' })).toContainText('o042');
});

test('filters on an indexed field, with ranges, and explains why other fields cannot be filtered', async ({ page, request }) => {
  await seedOrders(request, 'orders_filtered', 30);
  await page.goto('/data?collection=orders_filtered');
  const table = page.getByRole('table', { name: 'Documents of orders_filtered' });
  await expect(table.locator('tbody tr')).toHaveCount(30);
  await expect(page.getByText(/Only indexed fields can be filtered/)).toBeVisible();
  await expect(page.getByText(/Not indexed here: customer/)).toBeVisible();

  await page.getByRole('button', { name: 'Add condition' }).click();
  const field = page.getByLabel('Field', { exact: true });
  await expect(field.locator('option')).toHaveText(['status', 'total']);
  await field.selectOption('status');
  await page.getByLabel('Value').fill('paid');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(table.locator('tbody tr')).toHaveCount(10);
  for (const text of await table.locator('tbody tr').allTextContents()) expect(text).toContain('paid');

  await page.getByRole('button', { name: 'Add condition' }).click();
  await page.getByLabel('Field', { exact: true }).nth(1).selectOption('total');
  await page.getByLabel('Operator').nth(1).selectOption('gte');
  await page.getByLabel('Value').nth(1).fill('200');
  await page.getByRole('button', { name: 'Apply' }).click();
  // paid is i % 3 == 1; total = 10·i ≥ 200: i in 22, 25, 28.
  await expect(table.locator('tbody tr')).toHaveCount(3);
  await expect(page.getByTestId('row-range')).toContainText('matching status = paid and total ≥ 200');

  const exported = await request.get(
    `/api/store/collections/orders_filtered/export?format=jsonl&where=${encodeURIComponent('{"status":{"eq":"paid"},"total":{"gte":200}}')}`,
  );
  expect((await exported.text()).trim().split('\n')).toHaveLength(3);
  const href = await page.getByRole('link', { name: 'JSON lines' }).getAttribute('href');
  expect(href).toContain('export?format=jsonl');
  const download = await request.get(href ?? '');
  expect((await download.text()).trim().split('\n')).toHaveLength(3);
});

test('edits a document and saves it with If-Match', async ({ page, request }) => {
  await putDoc(request, 'people', 'ada', { name: 'Ada', born: 1815 });
  await page.goto('/data?collection=people&doc=ada');
  const panel = page.getByRole('complementary', { name: 'Document ada' });
  await expect(panel.getByTestId('doc-json')).toContainText('"name": "Ada"');
  await expect(panel).toContainText('version 1');
  await panel.getByRole('button', { name: 'Edit' }).click();
  const editor = panel.getByLabel('Document (JSON)');
  await editor.fill('{ "name": "Ada", "born": 1815');
  await expect(panel.getByText(/Not valid JSON/)).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Save' })).toBeDisabled();
  await editor.fill('{ "name": "Ada Lovelace", "born": 1815 }');
  await panel.getByRole('button', { name: 'Save' }).click();
  await expect(panel.getByTestId('doc-json')).toContainText('"name": "Ada Lovelace"');
  await expect(panel).toContainText('version 2');
  const stored = await (await request.get('/api/store/collections/people/docs/ada')).json();
  expect(stored).toMatchObject({ version: 2, data: { name: 'Ada Lovelace', born: 1815 } });
  await expect(page.getByRole('table', { name: 'Documents of people' })).toContainText('Ada Lovelace');
});

test('a write made while the editor is open is a conflict, resolved in the dialog', async ({ page, request }) => {
  await putDoc(request, 'people', 'grace', { name: 'Grace', rank: 'captain' });
  await page.goto('/data?collection=people&doc=grace');
  const panel = page.getByRole('complementary', { name: 'Document grace' });
  await panel.getByRole('button', { name: 'Edit' }).click();
  await panel.getByLabel('Document (JSON)').fill('{ "name": "Grace Hopper", "rank": "captain" }');

  // Someone else writes meanwhile.
  await putDoc(request, 'people', 'grace', { name: 'Grace', rank: 'rear admiral' }, 1);

  await panel.getByRole('button', { name: 'Save' }).click();
  const dialog = page.getByRole('dialog', { name: 'Someone else changed this document' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('conflict-theirs')).toContainText('"rank": "rear admiral"');
  await expect(dialog.getByTestId('conflict-mine')).toContainText('"name": "Grace Hopper"');
  await page.screenshot({ path: `${ARTIFACTS}/data-conflict.png` });
  expect(await seriousViolations(page)).toEqual([]);

  await dialog.getByRole('button', { name: 'Merge by hand' }).click();
  await dialog.getByLabel('Merged document').fill('{ "name": "Grace Hopper", "rank": "rear admiral" }');
  await dialog.getByRole('button', { name: 'Save merged' }).click();
  await expect(dialog).toBeHidden();
  await expect(panel.getByTestId('doc-json')).toContainText('"rank": "rear admiral"');
  await expect(panel).toContainText('version 3');
  const stored = await (await request.get('/api/store/collections/people/docs/grace')).json();
  expect(stored).toMatchObject({ version: 3, data: { name: 'Grace Hopper', rank: 'rear admiral' } });
});

test('creates and deletes a document, with confirmation', async ({ page, request }) => {
  await putDoc(request, 'notes', 'first', { text: 'one' });
  await page.goto('/data?collection=notes');
  await page.getByRole('button', { name: 'New document' }).click();
  const panel = page.getByRole('complementary', { name: 'New document' });
  await panel.getByLabel('Id').fill('second');
  await panel.getByLabel('Document (JSON)').fill('{ "text": "two" }');
  await panel.getByRole('button', { name: 'Create' }).click();
  const created = page.getByRole('complementary', { name: 'Document second' });
  await expect(created.getByTestId('doc-json')).toContainText('"text": "two"');
  expect((await request.get('/api/store/collections/notes/docs/second')).status()).toBe(200);

  await created.getByRole('button', { name: 'Delete' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete this document?' });
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(created).toBeHidden();
  expect((await request.get('/api/store/collections/notes/docs/second')).status()).toBe(404);
});

test('uploads an image by drag and drop and shows its preview', async ({ page, request }) => {
  await page.goto('/data?tab=blobs');
  // A real PNG drawn by the browser, dropped on the drop zone as a file.
  const dataTransfer = await page.evaluateHandle(async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 64;
    canvas.height = 48;
    const g = canvas.getContext('2d') as CanvasRenderingContext2D;
    g.fillStyle = '#4f46e5';
    g.fillRect(0, 0, 64, 48);
    g.fillStyle = '#fbbf24';
    g.fillRect(16, 12, 32, 24);
    const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b as Blob), 'image/png'));
    const transfer = new DataTransfer();
    transfer.items.add(new File([blob], 'square.png', { type: 'image/png' }));
    return transfer;
  });
  await page.getByTestId('blob-drop-zone').dispatchEvent('drop', { dataTransfer });
  const preview = page.getByTestId('blob-preview').locator('img');
  await expect(preview).toBeVisible();
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(64);
  const table = page.getByRole('table', { name: 'Blobs' });
  await expect(table).toContainText('image/png');
  const { blobs } = (await (await request.get('/api/store/blobs')).json()) as { blobs: Array<{ id: string; mime: string }> };
  expect(blobs.some((b) => b.mime === 'image/png')).toBe(true);

  // Text and JSON show as text.
  await page.getByLabel('choose files').setInputFiles({ name: 'hello.json', mimeType: 'application/json', buffer: Buffer.from('{"hello":"world"}') });
  await expect(page.getByTestId('blob-text')).toContainText('"hello": "world"');
  await page.screenshot({ path: `${ARTIFACTS}/data-blobs.png` });
  expect(await seriousViolations(page)).toEqual([]);
});

test('a lease a run holds shows up live and goes when the run settles; the run shows its waterfall', async ({ page, request }) => {
  await page.goto('/data?tab=leases');
  await expect(page.getByTestId('no-leases')).toBeVisible();
  const workflow = {
    nodes: [
      { id: 'acquire', op: 'store.lease.acquire', config: { key: 'report:2026', ttlMs: 30_000 }, position: { x: 0, y: 0 } },
      { id: 'hold', op: 'flow.delay', config: { ms: 2000 }, position: { x: 320, y: 0 } },
    ],
    edges: [{ from: { node: 'acquire', port: 'lease' }, to: { node: 'hold', port: 'value' } }],
  };
  const started = await request.post('/api/runs', { data: { workflow, input: { report: 2026 }, wait: false } });
  expect(started.status()).toBe(202);
  const run = (await started.json()) as { id: string };

  const row = page.getByRole('row').filter({ hasText: 'report:2026' });
  await expect(row).toBeVisible({ timeout: 5000 });
  await page.screenshot({ path: `${ARTIFACTS}/data-leases.png` });
  await expect(row.getByRole('link', { name: `Run ${run.id}` })).toBeVisible();
  const left = Number.parseFloat((await row.getByTestId('lease-time-left').textContent()) ?? '');
  expect(left).toBeGreaterThan(20);
  // The countdown moves on its own, between two reads of the list.
  await expect.poll(async () => Number.parseFloat((await row.getByTestId('lease-time-left').textContent()) ?? '')).toBeLessThan(left);
  expect(await seriousViolations(page)).toEqual([]);
  await expect(row).toBeHidden({ timeout: 10_000 });
  await expect(page.getByTestId('no-leases')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByRole('link', { name: 'Runs' }).click();
  await page.getByRole('link', { name: `Run ${run.id}` }).click();
  await expect(page).toHaveURL(new RegExp(`/runs/${run.id}$`));
  const waterfall = page.getByTestId('waterfall');
  await expect(waterfall.locator('[data-node="hold"] .waterfall-bar')).toBeVisible();
  await expect(waterfall.locator('[data-node="acquire"] .waterfall-bar')).toBeVisible();
  const text = (await waterfall.locator('[data-node="hold"] .waterfall-time').textContent()) ?? '';
  expect(Number.parseFloat(text)).toBeGreaterThanOrEqual(2);
});
