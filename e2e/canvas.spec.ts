import { seriousViolations } from '@pattern/testing/e2e';
import { expect, type Page, test } from '@playwright/test';
import { ARTIFACTS, createWorkflow, edgeCount, handleLocator, nodeLocator, runWith, saveWorkflow, status } from './helpers.ts';

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

async function zoom(page: Page): Promise<number> {
  return page.locator('.react-flow__viewport').evaluate((el) => new DOMMatrix(getComputedStyle(el).transform).a);
}

/** Every pair of drawn nodes, by their bounding boxes on screen: none may overlap. */
async function overlappingNodes(page: Page): Promise<string[]> {
  return page.locator('.react-flow__node').evaluateAll((elements) => {
    const boxes = elements.map((el) => ({ id: el.getAttribute('data-id'), r: el.getBoundingClientRect() }));
    const found: string[] = [];
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) {
        if (a.r.left < b.r.right && b.r.left < a.r.right && a.r.top < b.r.bottom && b.r.top < a.r.bottom) found.push(`${a.id} × ${b.id}`);
      }
    }
    return found;
  });
}

async function addStepAfter(page: Page, node: string, port: string, op: string): Promise<void> {
  const row = handleLocator(page, node, port, 'source').locator('..');
  await row.hover();
  await page.getByRole('button', { name: `Add a step after ${node}.${port}` }).click();
  const picker = page.getByRole('combobox', { name: 'Op to insert' });
  await expect(picker).toBeFocused();
  await picker.fill(op);
  await expect(page.locator(`.quick-insert-list [data-op="${op}"]`)).toBeVisible();
  await page.keyboard.press('Enter');
}

const seven = {
  id: 'seven-steps',
  name: 'Shout it out',
  nodes: [
    { id: 'in', op: 'flow.input', position: { x: 0, y: 0 } },
    { id: 'get', op: 'object.get', config: { path: 'name' }, position: { x: 360, y: 0 } },
    { id: 'trim', op: 'string.trim', position: { x: 720, y: 0 } },
    { id: 'upper', op: 'string.upper', position: { x: 1080, y: 0 } },
    { id: 'set', op: 'object.set', config: { path: 'shout' }, position: { x: 1440, y: 160 } },
    { id: 'json', op: 'json.stringify', position: { x: 1800, y: 160 } },
    { id: 'out', op: 'flow.output', position: { x: 2160, y: 160 } },
  ],
  edges: [
    { from: { node: 'in', port: 'value' }, to: { node: 'get', port: 'object' } },
    { from: { node: 'get', port: 'value' }, to: { node: 'trim', port: 'text' } },
    { from: { node: 'trim', port: 'text' }, to: { node: 'upper', port: 'text' } },
    { from: { node: 'in', port: 'value' }, to: { node: 'set', port: 'object' } },
    { from: { node: 'upper', port: 'text' }, to: { node: 'set', port: 'value' } },
    { from: { node: 'set', port: 'object' }, to: { node: 'json', port: 'value' } },
    { from: { node: 'json', port: 'text' }, to: { node: 'out', port: 'value' } },
  ],
};

test('the empty canvas says what to do, and Tab on a fresh page opens quick insert', async ({ page }) => {
  await createWorkflow(page, 'Empty canvas');
  await page.reload();
  await expect(page.getByTestId('canvas-empty')).toHaveText(/Drag an op here, or press Tab/);
  await page.keyboard.press('Tab');
  const picker = page.getByRole('combobox', { name: 'Op to insert' });
  await expect(picker).toBeFocused();
  await picker.fill('flow.input');
  await page.keyboard.press('Enter');
  await expect(nodeLocator(page, 'input')).toBeVisible();
  await expect(page.getByTestId('canvas-empty')).toHaveCount(0);
  expect(await seriousViolations(page)).toEqual([]);
});

test('a workflow built with the mouse through "+" runs, keeps its nodes apart and stays readable', async ({ page }) => {
  await createWorkflow(page, 'Plus built');
  await page.reload();
  await page.keyboard.press('Tab');
  await page.getByRole('combobox', { name: 'Op to insert' }).fill('flow.input');
  await page.keyboard.press('Enter');

  // The picker after a number output lists only ops that take a number; object.set takes anything as its value.
  await addStepAfter(page, 'input', 'value', 'object.set');
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);
  await addStepAfter(page, 'set', 'object', 'flow.output');
  expect(await edgeCount(page)).toBe(2);
  expect(await overlappingNodes(page)).toEqual([]);

  await nodeLocator(page, 'set').locator('.op-node-header').click();
  await page.getByLabel(/^path/).fill('greeted');
  await page.getByLabel(/^value/).fill('true');
  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
  await page.keyboard.press(`${mod}+s`);
  await expect(page.getByTestId('save-state')).toHaveText('Saved');

  await page.getByRole('button', { name: 'Fit View' }).click();
  await expect(nodeLocator(page, 'input')).toBeInViewport();
  // Layout heights, not screen boxes: the viewport's zoom may still be settling by a hair between the two reads.
  const heights = () => page.locator('.react-flow__node').evaluateAll((els) => els.map((el) => (el as HTMLElement).offsetHeight));
  const before = await heights();
  await runWith(page, '{ "name": "Ada" }');
  await expect(page.locator('[data-run-status]')).toHaveAttribute('data-run-status', 'ok');
  for (const id of ['input', 'set', 'output']) await expect(status(page, id)).toHaveAttribute('data-status', 'ok');
  const after = await heights();
  expect(after, 'a run does not change any node height').toEqual(before);
  expect(await overlappingNodes(page)).toEqual([]);
  expect(await zoom(page)).toBeGreaterThanOrEqual(0.75);

  // Hovering an edge names its type.
  // Hovering an edge (away from the "+" beside its output) names its type.
  const path = await page.locator('.react-flow__edge[data-id="set.object->output.value"] .react-flow__edge-path').boundingBox();
  if (!path) throw new Error('no edge');
  await page.mouse.move(path.x + path.width * 0.85, path.y + path.height / 2);
  await expect(page.locator('.edge-type')).toHaveText('object');
});

test('a connection dropped on empty canvas opens the picker of ops that take it', async ({ page }) => {
  await createWorkflow(page, 'Drop picker');
  await page.reload();
  await page.keyboard.press('Tab');
  await page.getByRole('combobox', { name: 'Op to insert' }).fill('string.trim');
  await page.keyboard.press('Enter');
  const handle = await handleLocator(page, 'trim', 'text', 'source').boundingBox();
  if (!handle) throw new Error('no handle');
  await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
  await page.mouse.down();
  await page.mouse.move(handle.x + 200, handle.y + 160, { steps: 8 });
  await page.mouse.move(handle.x + 260, handle.y + 220, { steps: 4 });
  await page.mouse.up();
  const picker = page.getByRole('combobox', { name: 'Op to insert' });
  await expect(picker).toBeFocused();
  await expect(page.locator('.quick-context')).toContainText('trim.text');
  // math.abs takes a number, not the text this output gives: it is not offered.
  await picker.fill('math.abs');
  await expect(page.locator('.quick-insert-list [data-op="math.abs"]')).toHaveCount(0);
  await picker.fill('string.upper');
  await page.keyboard.press('Enter');
  await expect(nodeLocator(page, 'upper')).toBeVisible();
  expect(await edgeCount(page)).toBe(1);
  expect(await overlappingNodes(page)).toEqual([]);
});

test('right-click menus of the canvas, a node and an edge; ? lists the shortcuts', async ({ page, request }) => {
  await saveWorkflow(request, { ...seven, id: 'menus-seven' });
  await page.goto('/workflows/menus-seven');
  // A graph wider than the view at the smallest fit zoom is shown from its entry node; only what is in view is drawn.
  await expect(nodeLocator(page, 'in')).toBeInViewport();

  await page.locator('.react-flow__pane').click({ button: 'right', position: { x: 40, y: 500 } });
  const paneMenu = page.getByRole('menu', { name: 'Canvas actions' });
  for (const item of ['Insert an op…', 'Paste', 'Select all', 'Auto-layout'])
    await expect(paneMenu.getByRole('menuitem', { name: item })).toBeVisible();
  await paneMenu.getByRole('menuitem', { name: 'Select all' }).click();
  const drawn = await page.locator('.react-flow__node').count();
  await expect(page.locator('.react-flow__node.selected')).toHaveCount(drawn);

  await nodeLocator(page, 'in').locator('.op-node-header').click({ button: 'right' });
  const nodeMenu = page.getByRole('menu', { name: 'Node in actions' });
  for (const item of ['Duplicate', 'Delete', 'Copy as JSON', 'Open docs']) await expect(nodeMenu.getByRole('menuitem', { name: item })).toBeVisible();
  await nodeMenu.getByRole('menuitem', { name: 'Duplicate' }).click();
  await expect(nodeLocator(page, 'in_2')).toBeVisible();
  expect(await overlappingNodes(page)).toEqual([]);

  const edgeBefore = await edgeCount(page);
  const path = await page.locator('.react-flow__edge[data-id="get.value->trim.text"] .react-flow__edge-path').boundingBox();
  if (!path) throw new Error('no edge');
  await page.mouse.click(path.x + path.width * 0.85, path.y + path.height / 2, { button: 'right' });
  const edgeMenu = page.getByRole('menu', { name: 'Edge actions' });
  await expect(edgeMenu.getByRole('menuitem', { name: 'Insert a node in between…' })).toBeVisible();
  await edgeMenu.getByRole('menuitem', { name: 'Insert a node in between…' }).click();
  await page.getByRole('combobox', { name: 'Op to insert' }).fill('string.lower');
  await page.keyboard.press('Enter');
  await expect(nodeLocator(page, 'lower')).toBeVisible();
  expect(await edgeCount(page)).toBe(edgeBefore + 1);
  await expect(page.locator('.react-flow__edge[data-id="get.value->lower.text"]')).toHaveCount(1);
  await expect(page.locator('.react-flow__edge[data-id="lower.text->trim.text"]')).toHaveCount(1);

  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
  await page.keyboard.press('?');
  const shortcuts = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(shortcuts).toContainText('quick insert');
  await expect(shortcuts).toContainText('Undo');
  expect(await seriousViolations(page)).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(shortcuts).toHaveCount(0);
});

test('a 7-node workflow opens at a readable zoom, light and dark, and runs without nodes overlapping', async ({ page, request }) => {
  await saveWorkflow(request, seven);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('/workflows/seven-steps');
    await expect(nodeLocator(page, 'in')).toBeVisible();
    await expect.poll(() => zoom(page)).toBeGreaterThanOrEqual(0.75);
    const z = await zoom(page);
    const title = await page
      .locator('.op-node-title')
      .first()
      .evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
    const label = await page
      .locator('.port-name')
      .first()
      .evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
    expect(title * z).toBeGreaterThanOrEqual(12);
    expect(label * z).toBeGreaterThanOrEqual(11);
    // The entry node is in view.
    await expect(nodeLocator(page, 'in')).toBeInViewport();
    await runWith(page, '{ "name": "  ada " }');
    await expect(page.locator('[data-run-status]')).toHaveAttribute('data-run-status', 'ok');
    expect(await overlappingNodes(page)).toEqual([]);
    await page.getByRole('button', { name: 'Auto-layout' }).click();
    await expect.poll(() => overlappingNodes(page)).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}/canvas-seven-${scheme}.png` });
    expect(await seriousViolations(page)).toEqual([]);
  }
});

test('no serious accessibility violations on the app pages', async ({ page }) => {
  for (const path of ['/', '/runs', '/data', '/secrets', '/tokens']) {
    await page.goto(path);
    await expect(page.locator('main')).toBeVisible();
    await page.waitForLoadState('networkidle');
    expect(await seriousViolations(page), path).toEqual([]);
  }
});

test('the docs search answers as one types; no page asks for what is not there', async ({ page }) => {
  const missing: string[] = [];
  page.on('response', (response) => {
    if (response.status() === 404) missing.push(response.url());
  });
  await page.goto('/docs');
  await page.getByRole('searchbox', { name: 'Search the docs' }).pressSequentially('store');
  await expect(page).toHaveURL(/\/docs\/search\?q=store/);
  await expect(page.locator('main .content')).toContainText(/store/i);
  const template = { name: 'From the docs', nodes: [{ id: 'in', op: 'flow.input' }], edges: [] };
  await page.goto(`/workflows/new?template=${encodeURIComponent(JSON.stringify(template))}`);
  await expect(page.locator('.react-flow__node')).toHaveCount(1);
  await page.waitForLoadState('networkidle');
  expect(missing).toEqual([]);
});

test('a document created in the browser gets the store’s ULID and counts at once; a filter survives a reload', async ({ page, request }) => {
  expect((await request.post('/api/store/collections', { data: { name: 'shelf', indexes: ['status'] } })).ok()).toBe(true);
  const put = await request.put('/api/store/collections/shelf/docs/first', { data: { status: 'open' } });
  expect(put.ok()).toBe(true);
  await page.goto('/data?collection=shelf');
  await expect(page.getByText('1 documents')).toBeVisible();
  await page.getByRole('button', { name: 'New document' }).click();
  const panel = page.getByRole('complementary', { name: 'New document' });
  await panel.getByLabel('Document (JSON)').fill('{ "status": "done" }');
  await panel.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByRole('complementary', { name: /^Document [0-9A-HJKMNP-TV-Z]{26}$/ })).toBeVisible();
  await expect(page.getByText('2 documents')).toBeVisible();

  const filter = [{ field: 'status', op: 'eq', value: 'done' }];
  await page.goto(`/data?collection=shelf&filter=${encodeURIComponent(JSON.stringify(filter))}`);
  await page.reload();
  await expect(page).toHaveURL(/filter=/);
  await expect(page.getByTestId('row-range')).toContainText('Rows 1–1 matching status');
});
