import { fileURLToPath } from 'node:url';
import { createEngine } from '@pattern/core';
import type { StoreService } from '@pattern/mod-store';
import { tempDir } from '@pattern/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installedMods } from './helpers/installed-mods.ts';
import { workflowFences } from './helpers/workflow-fences.ts';

const fences = workflowFences([fileURLToPath(new URL('../handbook/guides', import.meta.url))]).filter((f) => f.file.endsWith('sub-workflows.md'));
const engine = createEngine({
  mods: installedMods,
  dataDir: tempDir(),
  modOptions: { store: { collections: [{ name: 'orders', indexes: ['status'] }] } },
});

beforeAll(async () => {
  await engine.start();
  for (const fence of fences) {
    const document = JSON.parse(fence.source) as { id: string };
    await engine.workflows.save(document.id, document);
  }
});
afterAll(() => engine.stop());

describe('Sub-workflows: process an order batch', () => {
  it('has both workflows of the guide', () => {
    expect(fences.map((f) => f.name)).toEqual(['Charge one order', 'Charge the open orders']);
  });

  it('charges every open order once, collects the one held elsewhere, and releases the leases it took', async () => {
    const store = engine.services.get<StoreService>('store');
    for (let i = 1; i <= 20; i++)
      await store.documents.put({ collection: 'orders', id: `o-${String(i).padStart(2, '0')}`, data: { status: 'open', total: i } });
    await store.documents.put({ collection: 'orders', id: 'o-done', data: { status: 'paid', total: 1 } });
    // Another worker is charging o-07 right now.
    expect((await store.leases.acquire('charge:o-07', 'worker-2', 60_000)).ok).toBe(true);

    const run = await engine.run({ workflowId: 'orders.charge-open' });
    expect(run.status).toBe('ok');
    const output = run.output as { charged: Array<{ id: string; data: { status: string } } | null>; failed: Array<Record<string, any>> };
    expect(output.charged).toHaveLength(20);
    expect(output.charged.filter((doc) => doc?.data.status === 'paid')).toHaveLength(19);
    expect(output.failed).toEqual([{ index: 6, error: expect.objectContaining({ code: 'busy' }), runId: expect.any(String) }]);
    const failedRun = await engine.getRun(output.failed[0]?.runId);
    expect(failedRun).toMatchObject({ workflowId: 'orders.charge', parentRunId: run.id, parentNodeId: 'charge', status: 'error' });
    expect(run.nodes.charge?.children).toMatchObject({ total: 20, ok: 19, error: 1 });

    const open = await store.documents.query({ collection: 'orders', where: { status: 'open' } });
    expect(open.docs.map((doc) => doc.id)).toEqual(['o-07']);
    // Each child's lease was released when the child run ended.
    expect((await store.leases.acquire('charge:o-03', 'someone-else', 1000)).ok).toBe(true);
  });

  it('leaves an order changed since it was read to the next batch, with conflict', async () => {
    const store = engine.services.get<StoreService>('store');
    await store.documents.put({ collection: 'orders', id: 'o-late', data: { status: 'open', total: 5 } });
    const stale = await store.documents.get('orders', 'o-late');
    await store.documents.put({ collection: 'orders', id: 'o-late', data: { status: 'open', total: 6 } });
    const run = await engine.run({ workflowId: 'orders.charge', input: { item: stale, index: 0 } });
    expect(run.error).toMatchObject({ code: 'conflict', message: expect.stringContaining('version 2') });
  });
});
