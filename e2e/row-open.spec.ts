import { seriousViolations } from '@pattern/testing/e2e';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { saveWorkflow } from './helpers.ts';

const SHOTS = '/tmp/shots-c';

const echo = {
  id: 'row-open-echo',
  name: 'Row open echo',
  nodes: [
    { id: 'input', op: 'flow.input', position: { x: 0, y: 0 } },
    { id: 'output', op: 'flow.output', position: { x: 300, y: 0 } },
  ],
  edges: [{ from: { node: 'input', port: 'value' }, to: { node: 'output', port: 'value' } }],
};

/** Tabs from the page's start until the focus is on `row`'s opening link (its stretched `.row-link`), and checks the row shows it. */
async function tabTo(page: Page, row: Locator): Promise<void> {
  const opener = row.locator('.row-link');
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    if (await opener.evaluate((el) => el === document.activeElement)) {
      const outline = await row.evaluate((el) => getComputedStyle(el).outlineStyle);
      expect(outline, 'the row with the focus shows it').toBe('solid');
      return;
    }
  }
  throw new Error('The row is not reachable with Tab');
}

/** A click on the row in its `cell`-th cell, away from its first link: the row, not a control, takes it. */
async function clickRowAt(row: Locator, cell: number): Promise<void> {
  const rowBox = await row.boundingBox();
  const cellBox = await row.locator('td').nth(cell).boundingBox();
  if (!rowBox || !cellBox) throw new Error('The row is not shown');
  await row.click({ position: { x: cellBox.x - rowBox.x + cellBox.width / 2, y: rowBox.height / 2 } });
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`rows open their detail (${colorScheme})`, () => {
    test.use({ colorScheme });

    test('in the runs browser, a click on the row, or Enter on the focused row, opens the run', async ({ page, request }) => {
      await saveWorkflow(request, echo);
      const response = await request.post('/api/runs', { data: { workflowId: echo.id, input: { colorScheme }, wait: true } });
      const run = (await response.json()) as { id: string };
      await page.goto(`/runs?workflow=${echo.id}`);
      const row = page
        .getByRole('table', { name: 'Runs' })
        .getByRole('row')
        .filter({ has: page.getByRole('link', { name: `Run ${run.id}` }) });
      await expect(row).toBeVisible();

      // A click on the row away from its links.
      await clickRowAt(row, 5);
      await expect(page).toHaveURL(new RegExp(`/runs/${run.id}$`));
      await expect(page.locator('h1 [data-run-status]')).toHaveAttribute('data-run-status', 'ok');

      await page.goBack();
      await expect(row).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      await tabTo(page, row);
      await page.screenshot({ path: `${SHOTS}/runs-row-focus-${colorScheme}.png` });
      // The list reads itself again every few seconds; the focused row must keep its focus through that.
      await page.waitForResponse((response) => response.url().includes('/api/runs?'));
      await expect(row.locator('.row-link')).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(page).toHaveURL(new RegExp(`/runs/${run.id}$`));
    });

    test('in the data browser, a click on a document or blob row, or Enter on the focused row, opens its detail', async ({ page, request }) => {
      const collection = `rows_${colorScheme}`;
      expect((await request.post('/api/store/collections', { data: { name: collection, indexes: [] } })).ok()).toBe(true);
      for (const id of ['first', 'second']) {
        const put = await request.put(`/api/store/collections/${collection}/docs/${id}`, { data: { name: id } });
        expect(put.ok(), await put.text()).toBe(true);
      }
      await page.goto(`/data?collection=${collection}`);
      const table = page.getByRole('table', { name: `Documents of ${collection}` });
      const second = table.getByRole('row').filter({ has: page.getByRole('link', { name: 'second' }) });
      await clickRowAt(second, 2);
      await expect(page.getByRole('complementary', { name: 'Document second' })).toBeVisible();
      await page.getByRole('button', { name: 'Close the document' }).click();
      await expect(page.getByRole('complementary', { name: 'Document second' })).toBeHidden();

      const first = table.getByRole('row').filter({ has: page.getByRole('link', { name: 'first' }) });
      await tabTo(page, first);
      await page.screenshot({ path: `${SHOTS}/documents-row-focus-${colorScheme}.png` });
      await page.keyboard.press('Enter');
      await expect(page.getByRole('complementary', { name: 'Document first' })).toBeVisible();

      const upload = await request.post(`/api/store/blobs?filename=row-${colorScheme}.txt`, {
        data: 'row text',
        headers: { 'Content-Type': 'text/plain' },
      });
      const blob = (await upload.json()) as { id: string };
      await page.goto('/data?tab=blobs');
      const blobRow = page
        .getByRole('table', { name: 'Blobs' })
        .getByRole('row')
        .filter({ hasText: `row-${colorScheme}.txt` });
      await clickRowAt(blobRow, 2);
      await expect(page.getByRole('complementary', { name: `Blob ${blob.id}` })).toBeVisible();
      await page.getByRole('button', { name: 'Close the preview' }).click();
      await tabTo(page, blobRow);
      await page.keyboard.press('Enter');
      await expect(page.getByRole('complementary', { name: `Blob ${blob.id}` })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });
  });
}
