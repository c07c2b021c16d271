import { seriousViolations } from '@pattern/testing/e2e';
import { expect, test } from '@playwright/test';
import { nodeLocator, saveWorkflow } from './helpers.ts';

const SHOTS = '/tmp/shots-c';

const edge = (from: string, fromPort: string, to: string, toPort: string) => ({
  from: { node: from, port: fromPort },
  to: { node: to, port: toPort },
});

/** A route whose response sits behind a branch: valid, with a warning that a run can skip the response. */
function gated(id: string) {
  return {
    id,
    name: id,
    nodes: [
      { id: 'req', op: 'http.request', config: { method: 'GET', path: `/${id}` }, position: { x: 0, y: 0 } },
      { id: 'yes', op: 'object.get', config: { path: 'answer' }, position: { x: 320, y: 0 } },
      { id: 'gate', op: 'flow.branch', config: { operator: 'eq', to: 'yes' }, position: { x: 640, y: 0 } },
      { id: 'res', op: 'http.response', config: { body: 'answered' }, position: { x: 960, y: 0 } },
    ],
    edges: [edge('req', 'query', 'yes', 'object'), edge('yes', 'value', 'gate', 'condition'), edge('gate', 'true', 'res', 'status')],
  };
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the Problems panel lists warnings apart from problems; clicking one selects its node (${colorScheme})`, async ({ page, request }) => {
    await page.emulateMedia({ colorScheme });
    const id = `gated-${colorScheme}`;
    await saveWorkflow(request, gated(id));
    await page.goto(`/workflows/${id}`);
    await expect(page.getByTestId('save-state')).toHaveText('Saved');
    const tab = page.getByRole('tab', { name: /Problems/ });
    await expect(tab.locator('.tab-count.is-warning')).toHaveText('1');
    await tab.click();
    const warning = page.locator('.problem-item[data-severity="warning"]');
    await expect(warning).toHaveCount(1);
    await expect(warning).toContainText('res can be skipped');
    await expect(page.locator('.problem-item[data-severity="error"]')).toHaveCount(0);
    // Drawn in the warning colour, not the error one.
    const colors = await page.evaluate(() => {
      const css = getComputedStyle(document.documentElement);
      return { warn: css.getPropertyValue('--warn').trim(), error: css.getPropertyValue('--error').trim() };
    });
    const warningColor = await warning.evaluate((el) => getComputedStyle(el).color);
    const probe = await page.evaluate((c) => {
      const el = document.createElement('span');
      el.style.color = c;
      document.body.append(el);
      const out = getComputedStyle(el).color;
      el.remove();
      return out;
    }, colors.warn);
    expect(warningColor).toBe(probe);
    await warning.click();
    await expect(nodeLocator(page, 'res')).toHaveClass(/selected/);
    await page.screenshot({ path: `${SHOTS}/problems-warning-${colorScheme}.png` });
    expect(await seriousViolations(page)).toEqual([]);

    // An edit that adds a problem, checked by the validate endpoint as it is made: the problem is listed.
    // The click on the warning centred its node; the whole graph comes back into view first.
    await page.locator('.react-flow__controls-fitview').click();
    await nodeLocator(page, 'req').locator('.op-node-header').click();
    await page.getByRole('tab', { name: 'Inspector' }).click();
    await page.getByLabel(/^path/).fill('no leading slash');
    await page.getByRole('tab', { name: /Problems/ }).click();
    await expect(page.locator('.problem-item[data-severity="error"]').first()).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/problems-error-${colorScheme}.png` });
    // Undone: the workflow is valid again and its warning is back.
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect(page.locator('.problem-item[data-severity="error"]')).toHaveCount(0);
    await expect(page.locator('.problem-item[data-severity="warning"]')).toHaveCount(1);
  });
}
