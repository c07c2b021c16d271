import { readFile } from 'node:fs/promises';
import { seriousViolations } from '@pattern/testing/e2e';
import { expect, test } from '@playwright/test';
import type { PackageFile } from '../apps/web/src/api/packages.ts';
import { greeter, saver } from '../apps/web/test/fixtures/workflows.ts';
import { ARTIFACTS, hasOp, saveWorkflow } from './helpers.ts';

test('export selected workflows as a package file, then import it into a clean state, with a clash shown', async ({ page, request }) => {
  expect(await hasOp(request, 'store.put'), 'the store mod is loaded in this server').toBe(true);
  await saveWorkflow(request, greeter('packaged {{ name }}'));
  await saveWorkflow(request, saver);
  expect((await request.post('/api/store/collections', { data: { name: 'pkg_people', indexes: ['email'] } })).ok()).toBe(true);

  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Export package' })).toBeDisabled();
  await page.getByRole('checkbox', { name: 'Select Packaged greeting' }).check();
  await page.getByRole('checkbox', { name: 'Select Packaged save' }).check();
  await page.getByRole('button', { name: 'Export package (2)' }).click();
  const exportDialog = page.getByRole('dialog', { name: 'Export a package' });
  await exportDialog.getByLabel('Name').fill('Greeting pack');
  await expect(exportDialog.getByLabel('Package id')).toHaveValue('greeting-pack');
  await exportDialog.getByLabel('Version').fill('one');
  await expect(exportDialog.getByText('A semantic version, like 1.0.0')).toBeVisible();
  await expect(exportDialog.getByRole('button', { name: 'Publish and download' })).toBeDisabled();
  await exportDialog.getByLabel('Version').fill('1.2.0');
  await page.screenshot({ path: `${ARTIFACTS}/packages-export.png` });
  expect(await seriousViolations(page)).toEqual([]);
  const downloading = page.waitForEvent('download');
  await exportDialog.getByRole('button', { name: 'Publish and download' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('greeting-pack-1.2.0.pattern-package.json');
  await expect(exportDialog.getByTestId('export-done')).toContainText('Published greeting-pack@1.2.0 with 2 workflows and 1 collection');
  const file = JSON.parse(await readFile((await download.path()) as string, 'utf8')) as PackageFile;
  expect(file.manifest).toEqual({ id: 'greeting-pack', version: '1.2.0', name: 'Greeting pack', description: '' });
  expect(file.workflows.map((w) => w.id).sort()).toEqual(['pkg-greet', 'pkg-save']);
  expect(file.collections).toEqual([{ name: 'pkg_people', indexes: ['email'] }]);
  // What was downloaded is what was published.
  const published = (await (await request.get('/api/packages/greeting-pack/1.2.0')).json()) as PackageFile;
  expect(published.workflows).toEqual(file.workflows);
  await exportDialog.getByRole('button', { name: 'Done' }).click();

  // A clean state: neither the package nor its workflows are here; a different workflow holds one id.
  expect((await request.delete('/api/packages/greeting-pack/1.2.0')).status()).toBe(204);
  for (const id of ['pkg-greet', 'pkg-save']) expect((await request.delete(`/api/workflows/${id}`)).status()).toBe(204);
  await saveWorkflow(request, greeter('mine {{ name }}'));
  expect(await (await request.get('/pkg-greet/Ada')).text()).toBe('mine Ada');

  await page.reload();
  await page.getByRole('button', { name: 'Packages' }).click();
  await expect(page.getByRole('dialog', { name: 'Packages' })).not.toContainText('greeting-pack');
  await page.getByRole('button', { name: 'Import a package file' }).click();
  const importDialog = page.getByRole('dialog', { name: 'Import a package' });
  await importDialog.getByLabel('Package file').setInputFiles((await download.path()) as string);
  await expect(importDialog.getByRole('status')).toContainText('Published greeting-pack@1.2.0 here');
  await expect(importDialog.locator('.package-summary')).toContainText('pkg-greet');
  await importDialog.getByLabel(/Publish each workflow/).check();
  await importDialog.getByRole('button', { name: 'Install' }).click();
  const clash = importDialog.getByTestId('install-clash');
  await expect(clash).toContainText('A workflow with this id exists here: pkg-greet. Nothing was installed.');
  expect((await request.get('/api/workflows/pkg-save')).status()).toBe(404);
  expect(await (await request.get('/pkg-greet/Ada')).text()).toBe('mine Ada');
  await page.screenshot({ path: `${ARTIFACTS}/packages-clash.png` });
  expect(await seriousViolations(page)).toEqual([]);

  await clash.getByRole('button', { name: 'Overwrite it' }).click();
  const result = importDialog.locator('.install-result');
  await expect(result).toContainText('Installed greeting-pack@1.2.0');
  await expect(result).toContainText('pkg-greet replaced, published as version 1');
  await expect(result).toContainText('pkg-save added, published as version 1');
  await expect(result).toContainText('collection pkg_people declared');
  expect(await (await request.get('/pkg-greet/Ada')).text()).toBe('packaged Ada');
  await importDialog.getByRole('button', { name: 'Close' }).first().click();
  await expect(page.getByRole('link', { name: 'Packaged save' })).toBeVisible();

  await page.getByRole('button', { name: 'Packages' }).click();
  const list = page.getByRole('dialog', { name: 'Packages' });
  await expect(list.locator('[data-package="greeting-pack"]')).toContainText('greeting-pack@1.2.0');
  await expect(list.locator('[data-package="greeting-pack"]')).toContainText('2 workflows, 1 collection');
  await page.screenshot({ path: `${ARTIFACTS}/packages-list.png` });
  expect(await seriousViolations(page)).toEqual([]);
  await list.getByRole('button', { name: 'Delete greeting-pack@1.2.0' }).click();
  await page.getByRole('dialog', { name: 'Delete greeting-pack@1.2.0?' }).getByRole('button', { name: 'Delete' }).click();
  await expect(list.locator('[data-package="greeting-pack"]')).toHaveCount(0);
  expect((await request.get('/api/packages/greeting-pack/1.2.0')).status()).toBe(404);
});

test('a file that is not a package is refused with a reason', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Packages' }).click();
  await page.getByRole('button', { name: 'Import a package file' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import a package' });
  await dialog
    .getByLabel('Package file')
    .setInputFiles({ name: 'workflow.json', mimeType: 'application/json', buffer: Buffer.from('{"nodes": []}') });
  await expect(dialog.getByRole('alert')).toContainText('Cannot import workflow.json: it is not a package: it has no "manifest"');
  await dialog.getByLabel('Package file').setInputFiles({
    name: 'bad.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"manifest": {"id": "x", "version": "v1", "name": "X"}}'),
  });
  // The server names the field at fault.
  await expect(dialog.getByRole('alert')).toContainText('manifest.version');
});
