import { type APIRequestContext, expect, type Locator, type Page } from '@playwright/test';

export const ARTIFACTS = 'e2e/artifacts';

export function nodeLocator(page: Page, id: string): Locator {
  return page.locator(`.react-flow__node[data-id="${id}"]`);
}

export function handleLocator(page: Page, node: string, port: string, side: 'source' | 'target'): Locator {
  return page.locator(`.react-flow__node[data-id="${node}"] .react-flow__handle.${side}[data-handleid="${port}"]`);
}

/** Finds an op with the palette search and drags it onto the canvas at (x, y) of the pane. */
export async function dragOp(page: Page, op: string, x: number, y: number): Promise<void> {
  const search = page.getByRole('searchbox', { name: 'Search ops' });
  await search.fill(op);
  const item = page.locator(`.palette-op[data-op="${op}"]`);
  await item.dragTo(page.locator('.react-flow__pane'), { targetPosition: { x, y } });
  await search.fill('');
}

/** Drags from an output handle to an input handle, as a person would. */
export async function dragConnection(page: Page, from: [string, string], to: [string, string]): Promise<void> {
  const source = await handleLocator(page, from[0], from[1], 'source').boundingBox();
  const target = await handleLocator(page, to[0], to[1], 'target').boundingBox();
  if (!source || !target) throw new Error(`handle not visible: ${from.join('.')} or ${to.join('.')}`);
  await page.mouse.move(source.x + source.width / 2, source.y + source.height / 2);
  await page.mouse.down();
  await page.mouse.move(source.x + 40, source.y + 10, { steps: 4 });
  await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 12 });
  await page.mouse.up();
}

export async function edgeCount(page: Page): Promise<number> {
  return page.locator('.react-flow__edge').count();
}

export async function hasOp(request: APIRequestContext, name: string): Promise<boolean> {
  const body = (await (await request.get('/api/ops')).json()) as { ops: Array<{ name: string }> };
  return body.ops.some((op) => op.name === name);
}

export async function saveWorkflow(request: APIRequestContext, document: { id: string } & Record<string, unknown>): Promise<void> {
  const response = await request.put(`/api/workflows/${document.id}`, { data: document });
  expect(response.ok(), await response.text()).toBe(true);
}

/** Creates a workflow from the list page, as a new user would, and lands in its editor. */
export async function createWorkflow(page: Page, name: string): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: 'New workflow' }).first().click();
  // Exact: rows of other tests' workflows carry labels like "Select Renamed here".
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.locator('.react-flow__pane')).toBeVisible();
  await expect(page.getByTestId('save-state')).toHaveText('Saved');
}

export async function runWith(page: Page, input: string): Promise<void> {
  await page.getByRole('tab', { name: 'Run' }).click();
  await page.getByLabel('Run input (JSON)').fill(input);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
}

export function status(page: Page, node: string): Locator {
  return nodeLocator(page, node).locator('[data-status]');
}
