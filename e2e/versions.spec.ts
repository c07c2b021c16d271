import { seriousViolations } from '@pattern/testing/e2e';
import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import type { Workflow } from '../apps/web/src/api/types.ts';
import { edge, greeting } from '../apps/web/test/fixtures/workflows.ts';
import { ARTIFACTS, nodeLocator, saveWorkflow } from './helpers.ts';

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

async function openVersions(page: Page, id: string) {
  await page.goto(`/workflows/${id}`);
  await expect(page.locator('.react-flow__node')).toHaveCount(4);
  await page.getByRole('tab', { name: 'Versions' }).click();
}

async function publish(page: Page, note: string, version: number) {
  await page.getByLabel('Version note').fill(note);
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Published version ${version}` })).toBeVisible();
  await expect(page.locator(`.version-item[data-version="${version}"]`)).toContainText('Active');
}

async function greet(request: APIRequestContext, path: string): Promise<string> {
  return (await request.get(path)).text();
}

/** Publishes version 1, then edits in the editor (a config change, a deleted node) and publishes version 2. */
async function twoVersions(page: Page, request: APIRequestContext, id: string, path: string) {
  await saveWorkflow(request, greeting(id, path.replace('Ada', ':name')));
  await openVersions(page, id);
  await expect(page.getByTestId('active-version')).toContainText('Never published');
  await publish(page, 'first greeting', 1);
  expect(await greet(request, path)).toBe('v1 Ada');

  await nodeLocator(page, 'text').locator('.op-node-header').click();
  await page.getByRole('tab', { name: 'Inspector' }).click();
  await page.getByLabel(/^template/).fill('v2 {{ name }}');
  await nodeLocator(page, 'spare').locator('.op-node-header').click();
  await page.keyboard.press('Delete');
  await expect(page.locator('.react-flow__node')).toHaveCount(3);
  await page.getByRole('tab', { name: 'Versions' }).click();
  await expect(page.getByRole('button', { name: 'Publish' })).toBeDisabled();
  await page.keyboard.press(`${mod}+s`);
  await expect(page.getByTestId('save-state')).toHaveText('Saved');
  // Saving edits the draft only: routes keep running the active version until it is published.
  expect(await greet(request, path)).toBe('v1 Ada');
  await publish(page, 'second greeting', 2);
  expect(await greet(request, path)).toBe('v2 Ada');
}

test('publish → edit → diff → roll back, in the editor', async ({ page, request }) => {
  await twoVersions(page, request, 'greet-versions', '/greet-versions/Ada');

  // Publishing again without a change says so instead of making a version.
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Nothing to publish' })).toBeVisible();
  await expect(page.locator('.version-item')).toHaveCount(2);

  await page.getByLabel('From', { exact: true }).selectOption('1');
  await page.getByLabel('To', { exact: true }).selectOption('2');
  await page.getByRole('button', { name: 'Show changes' }).click();
  const diff = page.getByTestId('diff-list');
  await expect(diff).toContainText('Changes from version 1 to version 2');
  await expect(diff.locator('[data-diff="node-changed"][data-node="text"] [data-field="config.template"]')).toContainText(
    'v1 {{ name }} → v2 {{ name }}',
  );
  await expect(diff.locator('[data-diff="node-removed"][data-node="spare"]')).toBeVisible();
  await expect(diff.locator('[data-diff="node-added"]')).toHaveCount(0);
  // The canvas draws both graphs in one: the removed node where it was, outlines saying what happened.
  await expect(page.getByTestId('version-view')).toContainText('Changes from version 1 to version 2');
  await expect(page.locator('.react-flow__node.diff-changed[data-id="text"]')).toBeVisible();
  await expect(page.locator('.react-flow__node.diff-removed[data-id="spare"]')).toBeVisible();
  await expect(page.locator('.react-flow__node.diff-added')).toHaveCount(0);
  await page.screenshot({ path: `${ARTIFACTS}/versions-diff.png` });
  expect(await seriousViolations(page)).toEqual([]);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: `${ARTIFACTS}/versions-diff-dark.png` });
  expect(await seriousViolations(page)).toEqual([]);
  await page.emulateMedia({ colorScheme: 'light' });

  await page.getByRole('button', { name: 'Back to draft' }).click();
  await expect(page.getByTestId('version-view')).toHaveCount(0);
  await expect(page.locator('.react-flow__node')).toHaveCount(3);
  await expect(page.locator('.react-flow__node[class*="diff-"]')).toHaveCount(0);
  await expect(page.getByTestId('save-state')).toHaveText('Saved');

  await page.getByRole('button', { name: 'Roll back to version 1' }).click();
  await expect(page.locator('.version-item[data-version="1"]')).toContainText('Active');
  await expect(page.getByTestId('active-version')).toContainText('version 1');
  expect(await greet(request, '/greet-versions/Ada')).toBe('v1 Ada');
  await page.getByRole('button', { name: 'Roll forward to version 2' }).click();
  await expect(page.locator('.version-item[data-version="2"]')).toContainText('Active');
  expect(await greet(request, '/greet-versions/Ada')).toBe('v2 Ada');
  await page.getByRole('button', { name: 'Roll back to version 1' }).click();
  await expect(page.locator('.version-item[data-version="1"]')).toContainText('Active');
  expect(await greet(request, '/greet-versions/Ada')).toBe('v1 Ada');

  // Every activation is on record, so the rollback itself can be undone.
  const list = (await (await request.get('/api/workflows/greet-versions/versions')).json()) as {
    activations: Array<{ previous: number | null; version: number }>;
  };
  expect(list.activations.map((a) => [a.previous, a.version])).toEqual([
    [null, 1],
    [1, 2],
    [2, 1],
    [1, 2],
    [2, 1],
  ]);
  await page.screenshot({ path: `${ARTIFACTS}/versions-panel.png` });
});

test('an old version opens read-only on the canvas, and a version that is not active can be deleted', async ({ page, request }) => {
  await twoVersions(page, request, 'greet-old', '/greet-old/Ada');

  await page.getByRole('button', { name: 'Open version 1' }).click();
  await expect(page.getByTestId('version-view')).toContainText('Viewing version 1, read-only');
  await expect(page.getByTestId('save-state')).toHaveText('Read-only (a published version)');
  await expect(page.locator('.react-flow__node')).toHaveCount(4);
  await nodeLocator(page, 'text').locator('.op-node-header').click();
  await page.getByRole('tab', { name: 'Inspector' }).click();
  await expect(page.getByLabel(/^template/)).toHaveValue('v1 {{ name }}');
  await expect(page.getByLabel(/^template/)).toBeDisabled();
  // Nothing on the canvas can be removed while a version is shown.
  await page.keyboard.press('Delete');
  await expect(page.locator('.react-flow__node')).toHaveCount(4);
  await page.screenshot({ path: `${ARTIFACTS}/versions-open-old.png` });
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByRole('button', { name: 'Back to draft' }).click();
  await expect(page.locator('.react-flow__node')).toHaveCount(3);
  await nodeLocator(page, 'text').locator('.op-node-header').click();
  await expect(page.getByLabel(/^template/)).toHaveValue('v2 {{ name }}');
  await expect(page.getByLabel(/^template/)).toBeEnabled();
  await expect(page.getByTestId('save-state')).toHaveText('Saved');

  // A version compared with the draft: the draft's edits since show as changes.
  await page.getByLabel(/^template/).fill('draft {{ name }}');
  await page.getByRole('tab', { name: 'Versions' }).click();
  await page.getByRole('button', { name: 'Compare version 2 with the draft' }).click();
  await expect(page.getByTestId('diff-list').locator('[data-field="config.template"]')).toContainText('v2 {{ name }} → draft {{ name }}');
  await page.getByRole('button', { name: 'Back to draft' }).click();
  await expect(page.getByTestId('save-state')).toHaveText('Unsaved changes');

  // The active version cannot be deleted; another can, after a confirmation.
  await expect(page.getByRole('button', { name: 'Delete version 2' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Delete version 1' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.locator('.version-item')).toHaveCount(1);
  expect((await request.get('/api/workflows/greet-old/versions/1')).status()).toBe(404);
  expect(await greet(request, '/greet-old/Ada')).toBe('v2 Ada');

  // A version copied into the draft is an unsaved edit like any other: undo brings the draft back.
  await page.getByRole('button', { name: 'Open version 2' }).click();
  await page.getByRole('button', { name: 'Copy to draft' }).click();
  await expect(page.getByTestId('version-view')).toHaveCount(0);
  await expect(page.getByTestId('save-state')).toHaveText('Unsaved changes');
  await nodeLocator(page, 'text').locator('.op-node-header').click();
  await page.getByRole('tab', { name: 'Inspector' }).click();
  await expect(page.getByLabel(/^template/)).toHaveValue('v2 {{ name }}');
  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
  await page.keyboard.press(`${mod}+z`);
  await nodeLocator(page, 'text').locator('.op-node-header').click();
  await expect(page.getByLabel(/^template/)).toHaveValue('draft {{ name }}');
});

test('a docs template link opens a new unsaved workflow that the user names and saves', async ({ page, request }) => {
  const template = {
    name: 'Template greeting',
    nodes: [
      { id: 'op', op: 'string.template', config: { template: 'Hello, {{ name }}!', data: { name: 'Ada' } }, position: { x: 0, y: 0 } },
      { id: 'out_text', op: 'flow.output', config: { key: 'text' }, position: { x: 320, y: 0 } },
    ],
    edges: [edge('op', 'text', 'out_text', 'value')],
  };
  await page.goto(`/workflows/new?template=${encodeURIComponent(JSON.stringify(template))}`);
  await expect(page.locator('.react-flow__node')).toHaveCount(2);
  await expect(page.getByTestId('save-state')).toHaveText('New from a template: save to name it');
  await page.getByRole('button', { name: 'Save' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel('Name')).toHaveValue('Template greeting');
  await dialog.getByLabel('Id').fill('from-template');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(page).toHaveURL(/\/workflows\/from-template$/);
  await expect(page.getByTestId('save-state')).toHaveText('Saved');
  await expect(page.locator('.react-flow__node')).toHaveCount(2);
  const saved = (await (await request.get('/api/workflows/from-template')).json()) as { name: string; document: Workflow };
  expect(saved.name).toBe('Template greeting');
  expect(saved.document.nodes.map((n) => n.id).sort()).toEqual(['op', 'out_text']);

  await page.goto(`/workflows/new?template=${encodeURIComponent('{"nodes": oops')}`);
  await expect(page.getByRole('heading', { name: /Cannot open/ })).toBeVisible();
  await expect(page.getByText('The template in the link is not valid JSON')).toBeVisible();
});
