import { seriousViolations } from '@pattern/testing/e2e';
import { expect, test } from '@playwright/test';

const SHOTS = '/tmp/shots-c';

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the blob view lists a blob's file name and downloads it under that name (${colorScheme})`, async ({ page, request }) => {
    await page.emulateMedia({ colorScheme });
    const filename = `Quarterly report “${colorScheme}” – ünïcödé.csv`;
    await page.goto('/data?tab=blobs');
    // Chosen in the page as a user would: the upload sends the file's name.
    await page.getByLabel('choose files').setInputFiles({ name: filename, mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,2\n') });
    const table = page.getByRole('table', { name: 'Blobs' });
    const row = table.getByRole('row').filter({ hasText: filename });
    await expect(row).toBeVisible();
    await expect(table.getByRole('columnheader', { name: 'File name' })).toBeVisible();
    const panel = page.getByRole('complementary', { name: /^Blob / });
    await expect(panel).toContainText(filename);

    const { blobs } = (await (await request.get('/api/store/blobs')).json()) as { blobs: Array<{ id: string; filename: string | null }> };
    const stored = blobs.find((b) => b.filename === filename);
    expect(stored, 'the upload kept the file name').toBeDefined();
    const served = await request.get(`/store/blobs/${stored?.id}`);
    expect(served.headers()['content-disposition']).toMatch(
      /^attachment; filename="Quarterly report _\w+_ _ _n_c_d_.csv"; filename\*=UTF-8''Quarterly%20report%20%E2%80%9C/,
    );

    const download = page.waitForEvent('download');
    await panel.getByRole('link', { name: 'Download' }).click();
    expect((await download).suggestedFilename()).toBe(filename);
    await page.screenshot({ path: `${SHOTS}/blob-filenames-${colorScheme}.png` });
    expect(await seriousViolations(page)).toEqual([]);
  });
}
