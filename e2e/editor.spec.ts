import { readFile } from 'node:fs/promises';
import { seriousViolations } from '@pattern/testing/e2e';
import { expect, test } from '@playwright/test';
import {
  ARTIFACTS,
  createWorkflow,
  dragConnection,
  dragOp,
  edgeCount,
  handleLocator,
  hasOp,
  nodeLocator,
  runWith,
  saveWorkflow,
  status,
} from './helpers.ts';

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

test('a new user builds, saves and runs input → store.put → output', async ({ page, request }) => {
  expect(await hasOp(request, 'store.put'), 'the store mod is loaded in this server').toBe(true);
  await createWorkflow(page, 'Save a person');
  await dragOp(page, 'flow.input', 130, 120);
  await dragOp(page, 'store.put', 400, 300);
  await dragOp(page, 'flow.output', 540, 600);
  await expect(page.locator('.react-flow__node')).toHaveCount(3);
  await dragConnection(page, ['input', 'value'], ['put', 'data']);
  await dragConnection(page, ['put', 'doc'], ['output', 'value']);
  expect(await edgeCount(page)).toBe(2);
  await page.getByRole('button', { name: 'Auto-layout' }).click();

  await nodeLocator(page, 'put').locator('.op-node-header').click();
  await page.getByRole('tab', { name: 'Inspector' }).click();
  await page.getByLabel(/^collection/).fill('people');
  await expect(page.getByTestId('save-state')).toHaveText('Unsaved changes');
  await page.keyboard.press(`${mod}+s`);
  await expect(page.getByTestId('save-state')).toHaveText('Saved');

  await runWith(page, '{ "name": "Ada" }');
  for (const id of ['input', 'put', 'output']) await expect(status(page, id)).toHaveAttribute('data-status', 'ok');
  await page.screenshot({ path: `${ARTIFACTS}/store-run.png` });

  await nodeLocator(page, 'put').locator('.op-node-header').click();
  await page.getByRole('tab', { name: 'Inspector' }).click();
  await expect(page.locator('[data-value-of="output.doc"]')).toContainText('"version": 1');
  await expect(page.locator('[data-value-of="output.doc"]')).toContainText('"name": "Ada"');

  await page.reload();
  await expect(page.locator('.react-flow__node')).toHaveCount(3);
  expect(await edgeCount(page)).toBe(2);
  await expect(page.getByTestId('save-state')).toHaveText('Saved');
  await nodeLocator(page, 'put').locator('.op-node-header').click();
  await expect(page.getByLabel(/^collection/)).toHaveValue('people');
});

test('the same flow with base ops: build by dragging, save, run, inspect, reload', async ({ page }) => {
  await createWorkflow(page, 'Greet');
  await dragOp(page, 'flow.input', 130, 120);
  await dragOp(page, 'object.set', 400, 300);
  await dragOp(page, 'flow.output', 540, 560);
  await expect(page.locator('.react-flow__node')).toHaveCount(3);
  await dragConnection(page, ['input', 'value'], ['set', 'object']);
  await dragConnection(page, ['set', 'object'], ['output', 'value']);
  expect(await edgeCount(page)).toBe(2);
  await page.getByRole('button', { name: 'Auto-layout' }).click();

  await nodeLocator(page, 'set').locator('.op-node-header').click();
  await page.getByLabel(/^path/).fill('greeted');
  await page.getByLabel(/^value/).fill('true');
  await page.keyboard.press('Escape');
  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
  await page.keyboard.press(`${mod}+s`);
  await expect(page.getByTestId('save-state')).toHaveText('Saved');

  await runWith(page, '{ "name": "Ada" }');
  for (const id of ['input', 'set', 'output']) await expect(status(page, id)).toHaveAttribute('data-status', 'ok');
  await expect(page.locator('[data-run-status]')).toHaveAttribute('data-run-status', 'ok');
  await page.screenshot({ path: `${ARTIFACTS}/editor-run.png` });

  await nodeLocator(page, 'set').locator('.op-node-header').click();
  await page.getByRole('tab', { name: 'Inspector' }).click();
  const output = page.locator('[data-value-of="output.object"]');
  await expect(output).toContainText('"greeted": true');
  await expect(output).toContainText('"name": "Ada"');

  // The run is in the history, and opening it draws its statuses again after a reload.
  await page.reload();
  await expect(page.locator('.react-flow__node')).toHaveCount(3);
  expect(await edgeCount(page)).toBe(2);
  await expect(page.getByTestId('save-state')).toHaveText('Saved');
  await page.getByRole('tab', { name: 'Run' }).click();
  await page.locator('.history-item').first().click();
  await expect(status(page, 'set')).toHaveAttribute('data-status', 'ok');
});

test('a node that fails turns red with its message', async ({ page }) => {
  await createWorkflow(page, 'Refuse');
  // Tab, type, Enter inserts at the centre of the canvas.
  await page.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
  await page.keyboard.press('Tab');
  await page.getByRole('combobox', { name: 'Op to insert' }).fill('flow.fail');
  await page.keyboard.press('Enter');
  await expect(nodeLocator(page, 'fail')).toBeVisible();
  await page.getByLabel(/^message/).fill('Out of stock');
  await runWith(page, '{}');
  await expect(status(page, 'fail')).toHaveAttribute('data-status', 'error');
  await expect(nodeLocator(page, 'fail').locator('.op-node')).toHaveClass(/run-error/);
  await expect(nodeLocator(page, 'fail')).toContainText('Out of stock');
  await expect(page.locator('.run-summary')).toContainText('Out of stock');
  await page.screenshot({ path: `${ARTIFACTS}/failed-node.png` });
});

const chain = {
  id: 'chain',
  name: 'Chain',
  nodes: [
    { id: 'in', op: 'flow.input', position: { x: 0, y: 0 } },
    { id: 'tpl', op: 'string.template', config: { template: 'Hi {{ name }}' }, position: { x: 320, y: 0 } },
    { id: 'out', op: 'flow.output', position: { x: 640, y: 0 } },
    { id: 'add', op: 'math.add', config: { a: 1, b: 2 }, position: { x: 0, y: 260 } },
  ],
  edges: [
    { from: { node: 'in', port: 'value' }, to: { node: 'tpl', port: 'data' } },
    { from: { node: 'tpl', port: 'text' }, to: { node: 'out', port: 'value' } },
  ],
};

test('undo after a delete restores the node and its edges; redo deletes again', async ({ page, request }) => {
  await saveWorkflow(request, { ...chain, id: 'undo-chain' });
  await page.goto('/workflows/undo-chain');
  await expect(page.locator('.react-flow__node')).toHaveCount(4);
  expect(await edgeCount(page)).toBe(2);
  await nodeLocator(page, 'tpl').locator('.op-node-header').click();
  await page.keyboard.press('Delete');
  await expect(page.locator('.react-flow__node')).toHaveCount(3);
  expect(await edgeCount(page)).toBe(0);
  await expect(page.getByTestId('save-state')).toHaveText('Unsaved changes');
  await page.keyboard.press(`${mod}+z`);
  await expect(page.locator('.react-flow__node')).toHaveCount(4);
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
  await page.keyboard.press(`Shift+${mod}+z`);
  await expect(page.locator('.react-flow__node')).toHaveCount(3);
  await page.keyboard.press(`${mod}+z`);
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);

  // Typing into a field is one undo step, however many keystrokes it took.
  await nodeLocator(page, 'tpl').locator('.op-node-header').click();
  const template = page.getByLabel(/^template/);
  await template.fill('');
  await template.pressSequentially('Bye {{ name }}');
  await expect(nodeLocator(page, 'tpl')).toContainText('Bye {{ name }}');
  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
  await page.keyboard.press(`${mod}+z`);
  await expect(nodeLocator(page, 'tpl')).toContainText('Hi {{ name }}');
  await expect(page.locator('.react-flow__node')).toHaveCount(4);
});

test('incompatible, occupied and cyclic connections are refused, with the reason', async ({ page, request }) => {
  await saveWorkflow(request, { ...chain, id: 'refusals' });
  await page.goto('/workflows/refusals');
  await expect(page.locator('.react-flow__node')).toHaveCount(4);

  // While dragging from math.add's number output, the number-compatible inputs light up and string ones do not.
  const result = await handleLocator(page, 'add', 'result', 'source').boundingBox();
  if (!result) throw new Error('no handle');
  await page.mouse.move(result.x + 5, result.y + 5);
  await page.mouse.down();
  await page.mouse.move(result.x + 60, result.y - 20, { steps: 5 });
  await expect(nodeLocator(page, 'tpl').locator('.port-in.is-incompatible').filter({ hasText: 'template' })).toHaveCount(1);
  await expect(nodeLocator(page, 'out').locator('.port-in.is-compatible')).toHaveCount(0);
  await page.mouse.up();
  // Let go on empty canvas, the drag offers the ops that could take it; this test inserts none.
  await page.keyboard.press('Escape');

  await dragConnection(page, ['add', 'result'], ['tpl', 'template']);
  await expect(page.getByRole('alert').filter({ hasText: 'Not connected' })).toContainText('gives number');
  expect(await edgeCount(page)).toBe(2);

  await dragConnection(page, ['add', 'result'], ['out', 'value']);
  await expect(page.getByRole('alert').filter({ hasText: 'Not connected' })).toContainText('already has an input');
  expect(await edgeCount(page)).toBe(2);

  await dragConnection(page, ['tpl', 'text'], ['tpl', 'data']);
  await expect(page.getByRole('alert').filter({ hasText: 'Not connected' })).toContainText('cannot feed itself');
  expect(await edgeCount(page)).toBe(2);
  await page.screenshot({ path: `${ARTIFACTS}/refused.png` });
});

test('problems from the server are drawn on the node and listed; clicking one selects the node', async ({ page }) => {
  await createWorkflow(page, 'Broken');
  await dragOp(page, 'string.template', 300, 200);
  await expect(nodeLocator(page, 'template')).toBeVisible();
  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
  await page.keyboard.press(`${mod}+s`);
  // Saved as it is, with its problems: it does not run until they are fixed.
  await expect(page.getByRole('status').filter({ hasText: 'Saved with 1 problem' })).toBeVisible();
  await expect(page.getByTestId('save-state')).toHaveText('Saved with 1 problem: not running until fixed');
  await expect(page.getByRole('tab', { name: /Problems/ })).toHaveAttribute('aria-selected', 'true');
  await expect(nodeLocator(page, 'template').locator('.op-node')).toHaveClass(/has-problems/);
  await expect(nodeLocator(page, 'template').locator('.port-in.has-problem')).toHaveCount(1);
  await page.locator('.problem-item').first().click();
  await expect(nodeLocator(page, 'template')).toHaveClass(/selected/);
  await page.screenshot({ path: `${ARTIFACTS}/problems.png` });
});

test('unsaved work survives a reload as a local draft', async ({ page }) => {
  await createWorkflow(page, 'Drafty');
  await dragOp(page, 'flow.input', 200, 200);
  await expect(page.getByTestId('save-state')).toHaveText('Unsaved changes');
  await page.waitForTimeout(600);
  await page.reload();
  await expect(nodeLocator(page, 'input')).toBeVisible();
  await expect(page.getByTestId('save-state')).toHaveText('Unsaved changes');
  await expect(page.getByRole('status').filter({ hasText: 'Restored your unsaved changes' })).toBeVisible();
  await page.getByRole('button', { name: 'Discard them' }).click();
  await expect(page.locator('.react-flow__node')).toHaveCount(0);
  await expect(page.getByTestId('save-state')).toHaveText('Saved');
});

test('copy and paste a selection keeps its inner edges and renames ids; text fields keep their own paste', async ({ page, request }) => {
  await saveWorkflow(request, { ...chain, id: 'clip' });
  await page.goto('/workflows/clip');
  await expect(page.locator('.react-flow__node')).toHaveCount(4);
  await nodeLocator(page, 'in').locator('.op-node-header').click();
  await nodeLocator(page, 'tpl')
    .locator('.op-node-header')
    .click({ modifiers: ['Shift'] });
  await page.keyboard.press(`${mod}+c`);
  await page.keyboard.press(`${mod}+v`);
  await expect(page.locator('.react-flow__node')).toHaveCount(6);
  await expect(nodeLocator(page, 'in_2')).toBeVisible();
  await expect(nodeLocator(page, 'tpl_2')).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(3);
  // One undo step removes the whole paste.
  await page.keyboard.press(`${mod}+z`);
  await expect(page.locator('.react-flow__node')).toHaveCount(4);

  const search = page.getByRole('searchbox', { name: 'Search ops' });
  await nodeLocator(page, 'in').locator('.op-node-header').click();
  await page.keyboard.press(`${mod}+c`);
  await search.focus();
  await page.keyboard.press(`${mod}+v`);
  await expect(page.locator('.react-flow__node')).toHaveCount(4);
  await expect(search).toHaveValue(/pattern\/fragment/);
});

test('auto-layout is one undo step', async ({ page, request }) => {
  await saveWorkflow(request, { ...chain, id: 'layout' });
  await page.goto('/workflows/layout');
  await expect(page.locator('.react-flow__node')).toHaveCount(4);
  const before = await nodeLocator(page, 'out').getAttribute('style');
  await page.getByRole('button', { name: 'Auto-layout' }).click();
  await expect.poll(() => nodeLocator(page, 'out').getAttribute('style')).not.toBe(before);
  await expect(page.getByTestId('save-state')).toHaveText('Unsaved changes');
  await page.getByRole('button', { name: 'Undo' }).click();
  await page
    .getByRole('button', { name: 'Fit view' })
    .click()
    .catch(() => undefined);
  const restored = await page.evaluate(() => document.querySelector('.react-flow__node[data-id="out"]')?.getAttribute('style'));
  expect(restored).toBe(before);
});

test('nodes can be reached and selected with the keyboard', async ({ page, request }) => {
  await saveWorkflow(request, { ...chain, id: 'keys' });
  await page.goto('/workflows/keys');
  await expect(page.locator('.react-flow__node')).toHaveCount(4);
  await nodeLocator(page, 'in').focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.locator('.react-flow__node.selected')).toHaveCount(1);
  await expect(page.locator('.inspector-header')).toBeVisible();
});

for (const scheme of ['light', 'dark'] as const) {
  test(`both pages have no serious or critical accessibility violations (${scheme})`, async ({ page, request }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await saveWorkflow(request, { ...chain, id: `a11y-${scheme}` });
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Workflows' })).toBeVisible();
    await page.screenshot({ path: `${ARTIFACTS}/workflows-${scheme}.png` });
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto(`/workflows/a11y-${scheme}`);
    await expect(page.locator('.react-flow__node')).toHaveCount(4);
    await runWith(page, '{ "name": "Ada" }');
    await expect(status(page, 'tpl')).toHaveAttribute('data-status', 'ok');
    await nodeLocator(page, 'tpl').locator('.op-node-header').click();
    await page.getByRole('tab', { name: 'Inspector' }).click();
    await page.screenshot({ path: `${ARTIFACTS}/editor-${scheme}.png` });
    expect(await seriousViolations(page)).toEqual([]);
  });
}

test('delete from the list asks first', async ({ page, request }) => {
  await saveWorkflow(request, { ...chain, id: 'doomed', name: 'Doomed' });
  await page.goto('/');
  await page.getByRole('button', { name: 'Delete Doomed' }).click();
  await expect(page.getByRole('dialog')).toContainText('Delete “Doomed”?');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('link', { name: 'Doomed' })).toBeVisible();
  await page.getByRole('button', { name: 'Delete Doomed' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('link', { name: 'Doomed' })).toHaveCount(0);
  expect((await request.get('/api/workflows/doomed')).status()).toBe(404);
});

test('export a workflow as JSON and import it back as a new one', async ({ page, request }) => {
  await saveWorkflow(request, { ...chain, id: 'exported', name: 'Exported' });
  await page.goto('/workflows/exported');
  await expect(page.locator('.react-flow__node')).toHaveCount(4);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('exported.json');
  const document = JSON.parse(await readFile(await file.path(), 'utf8'));
  expect(document.nodes).toHaveLength(4);
  expect(document.edges).toHaveLength(2);

  await page.goto('/');
  await page.getByLabel('Workflow JSON file to import').setInputFiles({
    name: 'copy.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ ...document, id: 'imported-copy', name: 'Imported copy' })),
  });
  await expect(page).toHaveURL(/\/workflows\/imported-copy$/);
  await expect(page.locator('.react-flow__node')).toHaveCount(4);
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
  await expect(page.getByLabel('Workflow name')).toHaveValue('Imported copy');

  await page.getByLabel('Workflow JSON file', { exact: true }).setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{ not json'),
  });
  await expect(page.getByRole('alert').filter({ hasText: 'Cannot import broken.json' })).toBeVisible();
});

test('the runs page lists runs and opens one', async ({ page, request }) => {
  await saveWorkflow(request, { ...chain, id: 'listed' });
  const response = await request.post('/api/runs', { data: { workflowId: 'listed', input: { name: 'Ada' } } });
  const run = (await response.json()) as { id: string; status: string };
  expect(run.status).toBe('ok');
  await page.goto('/runs');
  await page.getByRole('link', { name: run.id.slice(-10) }).click();
  await expect(page.getByRole('region', { name: `Run ${run.id}` })).toContainText('"Hi Ada"');
  await page.screenshot({ path: `${ARTIFACTS}/runs.png` });
});

test('a drag is one undo step, and so is a run of arrow-key nudges', async ({ page, request }) => {
  await saveWorkflow(request, { ...chain, id: 'moves' });
  await page.goto('/workflows/moves');
  await expect(page.locator('.react-flow__node')).toHaveCount(4);
  const node = nodeLocator(page, 'add');
  const at = async () => /translate\([^)]*\)/.exec((await node.getAttribute('style')) ?? '')?.[0];
  const before = await at();
  const box = await node.locator('.op-node-header').boundingBox();
  if (!box) throw new Error('node not visible');
  await page.mouse.move(box.x + 20, box.y + 10);
  await page.mouse.down();
  await page.mouse.move(box.x + 120, box.y + 90, { steps: 10 });
  await page.mouse.up();
  const dragged = await at();
  expect(dragged).not.toBe(before);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  await expect.poll(at).not.toBe(dragged);
  await page.keyboard.press(`${mod}+z`);
  await expect.poll(at).toBe(dragged);
  await page.keyboard.press(`${mod}+z`);
  await expect.poll(at).toBe(before);
});

test('the data page lists the collections runs wrote to', async ({ page, request }) => {
  expect(await hasOp(request, 'store.put'), 'the store mod is loaded in this server').toBe(true);
  const workflow = {
    nodes: [
      { id: 'in', op: 'flow.input' },
      { id: 'put', op: 'store.put', config: { collection: 'planets' } },
    ],
    edges: [{ from: { node: 'in', port: 'value' }, to: { node: 'put', port: 'data' } }],
  };
  for (const name of ['Mercury', 'Venus']) {
    const run = await (await request.post('/api/runs', { data: { workflow, input: { name } } })).json();
    expect(run.status).toBe('ok');
  }
  await page.goto('/data');
  await expect(page.getByRole('row', { name: /planets/ })).toContainText('2');
});
