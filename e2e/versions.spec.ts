import AxeBuilder from '@axe-core/playwright';
import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import fc from 'fast-check';
import type { Workflow } from '../apps/web/src/api/types.ts';
import { countChanges, diffValues, diffWorkflows, mergeForDisplay, sameValue } from '../apps/web/src/editor/versions/workflow-diff.ts';
import { ARTIFACTS, nodeLocator, saveWorkflow } from './helpers.ts';

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

const edge = (from: string, fromPort: string, to: string, toPort: string) => ({
  from: { node: from, port: fromPort },
  to: { node: to, port: toPort },
});

/** A route that greets, with a spare node that the second version drops. */
function greeting(id: string, path: string): Workflow & { id: string } {
  return {
    id,
    name: 'Greet with versions',
    nodes: [
      { id: 'req', op: 'http.request', config: { method: 'GET', path }, position: { x: 0, y: 0 } },
      { id: 'text', op: 'string.template', config: { template: 'v1 {{ name }}' }, position: { x: 320, y: 0 } },
      { id: 'res', op: 'http.response', position: { x: 640, y: 0 } },
      { id: 'spare', op: 'flow.input', position: { x: 0, y: 260 } },
    ],
    edges: [edge('req', 'params', 'text', 'data'), edge('text', 'text', 'res', 'body')],
  };
}

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

// The diff's pure part, checked without a browser: the same code the versions panel runs.

const base: Workflow = greeting('pure', '/pure/:name');

test.describe('workflow diff', () => {
  test('finds added, removed and changed nodes, edges, and config changes field by field', () => {
    const after: Workflow = {
      ...base,
      name: 'Renamed',
      nodes: [
        { ...base.nodes[0]!, position: { x: 50, y: 50 } },
        { id: 'text', op: 'string.template', config: { template: 'v2', extra: { deep: [1, 2] } } },
        { id: 'res', op: 'http.response', config: { status: 201 } },
        { id: 'log', op: 'debug.log' },
      ],
      edges: [edge('req', 'params', 'text', 'data'), edge('text', 'text', 'log', 'value')],
    };
    const diff = diffWorkflows(base, after);
    expect(diff.nodesAdded.map((n) => n.id)).toEqual(['log']);
    expect(diff.nodesRemoved.map((n) => n.id)).toEqual(['spare']);
    expect(diff.nodesChanged.map((c) => [c.id, c.config.map((f) => `${f.kind} ${f.path}`)])).toEqual([
      ['text', ['added extra', 'changed template']],
      ['res', ['added status']],
    ]);
    expect(diff.nodesMoved).toEqual(['req']);
    expect(diff.edgesAdded).toEqual([edge('text', 'text', 'log', 'value')]);
    expect(diff.edgesRemoved).toEqual([edge('text', 'text', 'res', 'body')]);
    expect(diff.meta).toEqual([{ path: 'name', kind: 'changed', before: 'Greet with versions', after: 'Renamed' }]);
    expect(diff.sameEngineContent).toBe(false);

    const merged = mergeForDisplay(after, diff);
    expect(merged.workflow.nodes.map((n) => n.id)).toEqual(['req', 'text', 'res', 'log', 'spare']);
    expect(merged.nodeMarks.get('spare')).toBe('removed');
    expect(merged.nodeMarks.get('log')).toBe('added');
    expect(merged.nodeMarks.get('text')).toBe('changed');
    expect(merged.nodeMarks.has('req')).toBe(false);
    expect(merged.edgeMarks.get('text.text->res.body')).toBe('removed');
    expect(merged.edgeMarks.get('text.text->log.value')).toBe('added');
  });

  test('names nested config changes by path, and an op swapped under the same id', () => {
    expect(diffValues({ a: { b: [1, { c: 2 }] }, 'odd key': 1 }, { a: { b: [1, { c: 3 }, 4] }, 'odd key': 2 })).toEqual([
      { path: 'a.b[1].c', kind: 'changed', before: 2, after: 3 },
      { path: 'a.b[2]', kind: 'added', before: undefined, after: 4 },
      { path: '"odd key"', kind: 'changed', before: 1, after: 2 },
    ]);
    const swapped = diffWorkflows(base, { ...base, nodes: base.nodes.map((n) => (n.id === 'spare' ? { ...n, op: 'flow.constant' } : n)) });
    expect(swapped.nodesChanged).toHaveLength(1);
    expect(swapped.nodesChanged[0]?.op).toEqual({ before: 'flow.input', after: 'flow.constant' });
  });

  test('moves, key order and edge order change nothing that runs', () => {
    const shuffled: Workflow = {
      ...base,
      nodes: [...base.nodes].reverse().map((n) => ({
        ...n,
        position: { x: (n.position?.x ?? 0) + 100, y: 7 },
        config: n.config && Object.fromEntries(Object.entries(n.config).reverse()),
      })),
      edges: [...base.edges].reverse(),
    };
    const diff = diffWorkflows(base, shuffled);
    expect(countChanges(diff)).toBe(0);
    expect(diff.sameEngineContent).toBe(true);
    expect(diff.nodesMoved.sort()).toEqual(['req', 'res', 'spare', 'text']);
  });

  const json = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
    array: fc.array(tie('value'), { maxLength: 4 }),
    object: fc.dictionary(fc.string({ maxLength: 6 }), tie('value'), { maxKeys: 4 }),
  })).value;

  /** Reads a path the diff wrote: `a.b`, `[2]`, `["odd key"]`. */
  function at(value: unknown, path: string): unknown {
    const parts = path.match(/[A-Za-z_$][A-Za-z0-9_$]*|\[\d+\]|\["(?:[^"\\]|\\.)*"\]|^"(?:[^"\\]|\\.)*"/g) ?? [];
    let current = value;
    for (const part of parts) {
      const key = part.startsWith('[') ? JSON.parse(part.slice(1, -1)) : part.startsWith('"') ? JSON.parse(part) : part;
      if (current === null || typeof current !== 'object') return undefined;
      current = (current as Record<string | number, unknown>)[key as string];
    }
    return current;
  }

  test('every field change points at the values it reports, and no change means equal values', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ maxLength: 6 }), json, { maxKeys: 5 }),
        fc.dictionary(fc.string({ maxLength: 6 }), json, { maxKeys: 5 }),
        (a, b) => {
          const changes = diffValues(a, b);
          expect(changes.length === 0).toBe(sameValue(a, b));
          expect(diffValues(a, a)).toEqual([]);
          for (const change of changes) {
            expect(sameValue(at(a, change.path), change.before)).toBe(true);
            expect(sameValue(at(b, change.path), change.after)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
