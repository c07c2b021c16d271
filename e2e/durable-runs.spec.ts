import type { ChildProcess } from 'node:child_process';
import { spawnServer, stopServer, tempDir } from '@pattern/testing';
import { expect, test } from '@playwright/test';
import { saveWorkflow } from './helpers.ts';

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

function exited(child: ChildProcess): Promise<unknown> {
  return new Promise((resolve) => child.once('exit', resolve));
}

const waiting = (id: string, durable?: boolean) => ({
  id,
  name: id,
  ...(durable ? { durable } : {}),
  nodes: [
    { id: 'in', op: 'flow.input', position: { x: 0, y: 0 } },
    { id: 'wait', op: 'flow.delay', config: { ms: 600_000 }, position: { x: 250, y: 0 } },
  ],
  edges: [{ from: { node: 'in', port: 'value' }, to: { node: 'wait', port: 'value' } }],
});

test('the workflow settings make a workflow durable', async ({ page, request }) => {
  await saveWorkflow(request, waiting('durable-setting'));
  await page.goto('/workflows/durable-setting');
  await expect(page.getByTestId('save-state')).toHaveText('Saved');
  await page.getByRole('button', { name: 'Workflow settings' }).click();
  const toggle = page.getByRole('checkbox', { name: /Resume runs after a crash/ });
  await expect(toggle).not.toBeChecked();
  await toggle.check();
  await page.getByRole('button', { name: 'Done' }).click();
  await page.keyboard.press(`${mod}+s`);
  await expect(page.getByTestId('save-state')).toHaveText('Saved');
  const saved = (await (await request.get('/api/workflows/durable-setting')).json()) as { document?: { durable?: boolean }; durable?: boolean };
  expect(saved.document?.durable ?? saved.durable).toBe(true);
});

test('the runs browser shows a durable run taken up again after its server was killed', async ({ page }) => {
  const dataDir = tempDir('pattern-e2e-durable-');
  const first = await spawnServer(dataDir, { dataDir, mods: [] });
  const put = await fetch(`${first.url}/api/workflows/held`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(waiting('held', true)),
  });
  expect(put.status).toBe(201);
  const started = await fetch(`${first.url}/api/runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ workflowId: 'held', input: 1, wait: false }),
  });
  const runId = ((await started.json()) as { id: string }).id;
  // The list reads committed history: once the run is there, a crash leaves it to resume.
  await expect
    .poll(async () => ((await (await fetch(`${first.url}/api/runs?status=running`)).json()) as { runs: Array<{ id: string }> }).runs.map((r) => r.id))
    .toContain(runId);
  const gone = exited(first.child);
  first.child.kill('SIGKILL');
  await gone;

  const second = await spawnServer(dataDir, { dataDir, mods: [] });
  try {
    await page.goto(`${second.url}/runs/${runId}`);
    await expect(page.getByTestId('recovered-run')).toHaveText(/durable, resumed after a crash/);
    await page.goto(`${second.url}/runs`);
    await expect(page.getByTestId('recovered-tag').first()).toHaveText(/resumed ×1/);
  } finally {
    await stopServer(second);
  }
});
