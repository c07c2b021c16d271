import { type Browser, expect, type Page, test } from '@playwright/test';
import { greeting } from '../apps/web/test/fixtures/workflows.ts';
import { ARTIFACTS, nodeLocator, saveWorkflow } from './helpers.ts';

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

async function editor(browser: Browser, id: string, colorScheme: 'light' | 'dark'): Promise<Page> {
  const context = await browser.newContext({ colorScheme });
  const page = await context.newPage();
  await page.goto(`/workflows/${id}`);
  await expect(page.locator('.react-flow__node')).toHaveCount(4);
  return page;
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`two editors of one workflow see each other, hear of a save, and merge without losing either edit (${colorScheme})`, async ({
    browser,
    request,
  }) => {
    const id = `concurrent-${colorScheme}`;
    await saveWorkflow(request, greeting(id, `/${id}/:name`));
    const mine = await editor(browser, id, colorScheme);
    const theirs = await editor(browser, id, colorScheme);

    await expect(mine.getByRole('status', { name: /Also editing/ })).toBeVisible();
    await expect(theirs.getByRole('status', { name: /Also editing/ })).toBeVisible();
    await mine.locator('.editor-toolbar').screenshot({ path: `${ARTIFACTS}/presence-chip-${colorScheme}.png` });

    // Their edit: the template, saved.
    await nodeLocator(theirs, 'text').locator('.op-node-header').click();
    await theirs.getByRole('tab', { name: 'Inspector' }).click();
    await theirs.getByLabel(/^template/).fill('theirs {{ name }}');
    await theirs.keyboard.press(`${mod}+s`);
    await expect(theirs.getByTestId('save-state')).toHaveText('Saved');

    // Mine: the name, begun from the older revision; the notice comes before any conflict.
    await mine.getByLabel('Workflow name').fill('Renamed here');
    await expect(mine.getByText('A newer version was saved in another session.')).toBeVisible();
    await mine.getByRole('button', { name: 'Save', exact: true }).click();

    const dialog = mine.getByRole('dialog', { name: 'Someone saved this workflow before you' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('Nothing changed on both sides');
    await dialog.screenshot({ path: `${ARTIFACTS}/merge-view-${colorScheme}.png` });
    await dialog.getByRole('button', { name: 'Merge and save' }).click();
    await expect(dialog).toBeHidden();
    await expect(mine.getByTestId('save-state')).toHaveText('Saved');

    const saved = await (await request.get(`/api/workflows/${id}`)).json();
    expect(saved.document.name).toBe('Renamed here');
    expect(saved.document.nodes.find((n: { id: string }) => n.id === 'text').config.template).toBe('theirs {{ name }}');
    await expect(theirs.getByText('A newer version was saved in another session.')).toBeVisible();
  });
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`a node both editors changed is theirs or mine, as picked (${colorScheme})`, async ({ browser, request }) => {
    const id = `both-changed-${colorScheme}`;
    await saveWorkflow(request, greeting(id, `/${id}/:name`));
    const mine = await editor(browser, id, colorScheme);
    const theirs = await editor(browser, id, colorScheme);
    for (const [page, text] of [
      [theirs, 'theirs {{ name }}'],
      [mine, 'mine {{ name }}'],
    ] as const) {
      await nodeLocator(page, 'text').locator('.op-node-header').click();
      await page.getByRole('tab', { name: 'Inspector' }).click();
      await page.getByLabel(/^template/).fill(text);
    }
    await theirs.keyboard.press(`${mod}+s`);
    await expect(theirs.getByTestId('save-state')).toHaveText('Saved');
    await mine.getByRole('button', { name: 'Merge', exact: true }).click();

    const dialog = mine.getByRole('dialog', { name: 'Someone saved this workflow before you' });
    await expect(dialog.locator('.merge-conflict[data-node="text"]')).toContainText('mine {{ name }}');
    await expect(dialog.locator('.merge-conflict[data-node="text"]')).toContainText('theirs {{ name }}');
    await dialog.getByRole('button', { name: 'Theirs', exact: true }).click();
    await expect(dialog.getByRole('button', { name: 'Theirs', exact: true })).toHaveAttribute('aria-pressed', 'true');
    await dialog.screenshot({ path: `${ARTIFACTS}/merge-conflict-${colorScheme}.png` });
    await dialog.getByRole('button', { name: 'Merge and save' }).click();
    await expect(mine.getByTestId('save-state')).toHaveText('Saved');
    const saved = await (await request.get(`/api/workflows/${id}`)).json();
    expect(saved.document.nodes.find((n: { id: string }) => n.id === 'text').config.template).toBe('theirs {{ name }}');
  });
}
