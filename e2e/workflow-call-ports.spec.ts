import { expect, type Page, test } from '@playwright/test';
import { nodeLocator, saveWorkflow } from './helpers.ts';

const SHOTS = '/tmp/shots-c';
const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

function callee(id: string, inputSchema: Record<string, unknown>, outputSchema: Record<string, unknown>) {
  return {
    id,
    name: id,
    inputSchema,
    outputSchema,
    nodes: [
      { id: 'input', op: 'flow.input', position: { x: 0, y: 0 } },
      { id: 'output', op: 'flow.output', position: { x: 300, y: 0 } },
    ],
    edges: [{ from: { node: 'input', port: 'value' }, to: { node: 'output', port: 'value' } }],
  };
}

const portTypes = (page: Page, port: string, side: 'in' | 'out') => nodeLocator(page, 'call').locator(`.port-${side}[data-port="${port}"]`);

for (const colorScheme of ['light', 'dark'] as const) {
  test(`a workflow.call node redraws its ports when it calls another workflow or the called one changes (${colorScheme})`, async ({
    browser,
    request,
  }) => {
    const numbers = `ports-numbers-${colorScheme}`;
    const lists = `ports-lists-${colorScheme}`;
    const caller = `ports-caller-${colorScheme}`;
    await saveWorkflow(request, callee(numbers, { type: 'number' }, { type: 'string' }));
    await saveWorkflow(request, callee(lists, { type: 'object' }, { type: 'array' }));
    await saveWorkflow(request, {
      id: caller,
      name: caller,
      nodes: [{ id: 'call', op: 'workflow.call', config: { workflow: numbers }, position: { x: 200, y: 150 } }],
      edges: [],
    });
    const context = await browser.newContext({ colorScheme });
    const page = await context.newPage();
    await page.goto(`/workflows/${caller}`);
    await expect(portTypes(page, 'input', 'in')).toHaveAttribute('data-port-types', 'number');
    await expect(portTypes(page, 'output', 'out')).toHaveAttribute('data-port-types', 'string');
    await expect(portTypes(page, 'output', 'out').locator('.port-type')).toHaveText('string');

    // Pointed at another workflow in the inspector: redrawn at once, no reload.
    await nodeLocator(page, 'call').locator('.op-node-header').click();
    await page.getByRole('tab', { name: 'Inspector' }).click();
    await page.getByLabel(/^workflow/).selectOption(lists);
    await expect(portTypes(page, 'input', 'in')).toHaveAttribute('data-port-types', 'object');
    await expect(portTypes(page, 'output', 'out')).toHaveAttribute('data-port-types', 'array');
    await page.screenshot({ path: `${SHOTS}/workflow-call-ports-${colorScheme}.png` });

    // The called workflow's output schema changed and saved in another tab: this tab redraws without a reload.
    const other = await context.newPage();
    await other.goto(`/workflows/${lists}`);
    await expect(other.getByTestId('save-state')).toHaveText('Saved');
    await other.getByRole('button', { name: 'Workflow settings' }).click();
    await other.getByLabel(/^Output/).fill('{ "type": "boolean" }');
    await other.getByRole('button', { name: 'Done' }).click();
    await other.keyboard.press(`${mod}+s`);
    await expect(other.getByTestId('save-state')).toHaveText('Saved');
    await expect(portTypes(page, 'output', 'out')).toHaveAttribute('data-port-types', 'boolean');
    await expect(portTypes(page, 'input', 'in')).toHaveAttribute('data-port-types', 'object');

    // Saved elsewhere (another browser, the API): coming back to the page redraws it.
    await saveWorkflow(request, callee(lists, { type: 'string' }, { type: 'number' }));
    await page.bringToFront();
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await expect(portTypes(page, 'input', 'in')).toHaveAttribute('data-port-types', 'string');
    await expect(portTypes(page, 'output', 'out')).toHaveAttribute('data-port-types', 'number');
    await context.close();
  });
}
