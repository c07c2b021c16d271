import { type ServerProcess, spawnServer, tempDir } from '@pattern/testing';
import { seriousViolations } from '@pattern/testing/e2e';
import { type APIRequestContext, expect, type Locator, type Page, test } from '@playwright/test';
import { ARTIFACTS, hasOp, saveWorkflow } from './helpers.ts';

/** A workflow that feeds itself: each `Loop` event of its stream makes it append the next one. */
function loopWorkflow(id: string, name: string) {
  return {
    id,
    name,
    nodes: [
      { id: 'on', op: 'events.on', config: { types: ['Loop'], aggregateType: id } },
      { id: 'version', op: 'object.get', config: { path: 'version' } },
      { id: 'next', op: 'object.set', config: { object: { type: 'Loop' }, path: 'payload.n' } },
      { id: 'append', op: 'events.append', config: { aggregateType: id, aggregateId: 'l' } },
    ],
    edges: [
      { from: { node: 'on', port: 'event' }, to: { node: 'version', port: 'object' } },
      { from: { node: 'version', port: 'value' }, to: { node: 'next', port: 'value' } },
      { from: { node: 'next', port: 'object' }, to: { node: 'append', port: 'events' } },
    ],
  };
}

async function startLoop(request: APIRequestContext, id: string, name: string, base = ''): Promise<void> {
  const saved = await request.put(`${base}/api/workflows/${id}`, { data: loopWorkflow(id, name) });
  expect(saved.ok(), await saved.text()).toBe(true);
  const first = await request.post(`${base}/api/ops/events.append/invoke`, {
    data: { inputs: { aggregateType: id, aggregateId: 'l', events: [{ type: 'Loop', payload: { n: 0 } }] } },
  });
  expect(((await first.json()) as { status: string }).status).toBe('ok');
}

async function loopLength(request: APIRequestContext, base: string, id: string): Promise<number> {
  const stream = await request.get(`${base}/api/events/streams/${id}/l?limit=1`);
  return stream.ok() ? ((await stream.json()) as { version: number }).version : 0;
}

function row(page: Page, workflowId: string): Locator {
  return page.locator(`tr[data-follower="workflow:${workflowId}"]`);
}

async function deleteFromList(page: Page, base: string, name: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.getByRole('button', { name: `Delete ${name}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('link', { name })).toHaveCount(0);
}

test('a workflow that feeds itself is parked with its reason; pause, resume and delete it from the web app', async ({ page, request }) => {
  expect(await hasOp(request, 'events.append'), 'the event-store mod is loaded in this server').toBe(true);
  await saveWorkflow(request, {
    id: 'listener-e2e',
    name: 'Listener',
    nodes: [
      { id: 'on', op: 'events.on', config: { types: ['E2eSignal'] } },
      { id: 'out', op: 'flow.output' },
    ],
    edges: [{ from: { node: 'on', port: 'event' }, to: { node: 'out', port: 'value' } }],
  });
  await startLoop(request, 'loop-e2e', 'Feeds itself');

  await page.goto('/data/events');
  const panel = page.getByRole('table', { name: 'Triggers and projections' });
  const loop = row(page, 'loop-e2e');
  await expect(loop.locator('[data-state]')).toHaveText('Parked');
  await expect(loop).toContainText('causation_depth: the chain of events caused by workflow loop-e2e reached depth 33 (limit 32)');
  await expect(row(page, 'listener-e2e').locator('[data-state]')).toHaveText('Running');
  await expect(page.getByRole('status')).toHaveCount(0);
  await expect(panel.getByRole('link', { name: 'loop-e2e' })).toHaveAttribute('href', '/workflows/loop-e2e');
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: '/tmp/triggers.png', fullPage: true });
  await page.screenshot({ path: `${ARTIFACTS}/triggers.png` });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: '/tmp/triggers-dark.png', fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);
  await page.emulateMedia({ colorScheme: 'light' });

  await page.getByRole('button', { name: 'Resume loop-e2e' }).click();
  await expect(loop.locator('[data-state]')).toHaveText('Running');
  await page.getByRole('button', { name: 'Pause loop-e2e' }).click();
  await expect(loop.locator('[data-state]')).toHaveText('Paused');
  await expect(loop).toContainText('paused in the web app');
  const api = (await (await request.get('/api/events/projections')).json()) as { projections: Array<{ name: string; state: string }> };
  expect(api.projections.find((p) => p.name === 'workflow:loop-e2e')?.state).toBe('paused');

  await deleteFromList(page, '', 'Feeds itself');
  await deleteFromList(page, '', 'Listener');
  await page.goto('/data/events');
  await expect(page.getByRole('table', { name: 'Event streams' })).toBeVisible();
  await expect(row(page, 'loop-e2e')).toHaveCount(0);
});

test.describe('a server of its own', () => {
  let dir: string;
  let server: ServerProcess | undefined;

  test.beforeEach(() => {
    dir = tempDir('pattern-e2e-triggers-');
  });

  test.afterEach(() => {
    server?.child.kill('SIGKILL');
    server = undefined;
  });

  /** A real server on `dir`, where a loop runs long enough to be seen running. */
  async function start(env: Record<string, string>): Promise<ServerProcess> {
    server = await spawnServer(dir, { dataDir: dir, options: { 'event-store': { maxCausationDepth: 100_000 } } }, { PATTERN_SAFE_MODE: '0', ...env });
    return server;
  }

  async function kill(running: ServerProcess): Promise<void> {
    const exited = new Promise((resolve) => running.child.once('exit', resolve));
    running.child.kill('SIGKILL');
    await exited;
  }

  test('a running loop pauses, resumes and is deleted from the web app; in safe mode it is held and the banner says so', async ({
    page,
    request,
  }) => {
    test.setTimeout(120_000);
    const first = await start({});
    await startLoop(request, 'runaway', 'Runaway', first.url);
    await page.goto(`${first.url}/data/events`);
    const loop = row(page, 'runaway');
    await expect(loop.locator('[data-state]')).toHaveText('Running');
    await page.getByRole('button', { name: 'Pause runaway' }).click();
    await expect(loop.locator('[data-state]')).toHaveText('Paused');
    const paused = await loopLength(request, first.url, 'runaway');
    await page.waitForTimeout(500);
    expect((await loopLength(request, first.url, 'runaway')) - paused).toBeLessThanOrEqual(1);
    await page.getByRole('button', { name: 'Resume runaway' }).click();
    await expect(loop.locator('[data-state]')).toHaveText('Running');
    await expect.poll(() => loopLength(request, first.url, 'runaway')).toBeGreaterThan(paused + 10);
    await kill(first);

    // Killed mid-loop: in safe mode the loop is held, and the page says why.
    const safe = await start({ PATTERN_SAFE_MODE: '1' });
    await page.goto(`${safe.url}/data/events`);
    await expect(page.getByRole('status')).toContainText('Safe mode is on.');
    await expect(loop.locator('[data-state]')).toHaveText('Paused');
    await expect(loop).toContainText('safe mode: the server started in safe mode');
    const held = await loopLength(request, safe.url, 'runaway');
    await page.waitForTimeout(500);
    expect(await loopLength(request, safe.url, 'runaway')).toBe(held);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/triggers-safe-mode.png', fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: '/tmp/triggers-safe-mode-dark.png', fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });

    // Resumed, it runs again; deleted from the list while it runs, it stops.
    await page.getByRole('button', { name: 'Resume runaway' }).click();
    await expect(loop.locator('[data-state]')).toHaveText('Running');
    await expect.poll(() => loopLength(request, safe.url, 'runaway')).toBeGreaterThan(held + 10);
    await deleteFromList(page, safe.url, 'Runaway');
    const deleted = await loopLength(request, safe.url, 'runaway');
    await page.waitForTimeout(500);
    expect((await loopLength(request, safe.url, 'runaway')) - deleted).toBeLessThanOrEqual(1);
    await page.goto(`${safe.url}/data/events`);
    await expect(page.getByRole('status')).toContainText('Safe mode is on.');
    await expect(page.getByRole('heading', { name: 'Triggers and projections' })).toBeVisible();
    await expect(loop).toHaveCount(0);
  });
});
