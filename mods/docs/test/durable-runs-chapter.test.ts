import { fileURLToPath } from 'node:url';
import { createEngine, createMemoryRunStore, type RunRecord } from '@pattern/core';
import storeMod from '@pattern/mod-store';
import { tempDir } from '@pattern/testing';
import { describe, expect, it } from 'vitest';
import { workflowFences } from './helpers/workflow-fences.ts';

const chapter = fileURLToPath(new URL('../handbook/guides', import.meta.url));
const fence = (name: string) => {
  const found = workflowFences([chapter]).find((f) => f.file.endsWith('durable-runs.md') && f.name === name);
  if (!found) throw new Error(`no workflow fence named "${name}" in the durable runs guide`);
  return JSON.parse(found.source) as { id: string };
};

describe('the durable runs guide, run as written', () => {
  it('Place an order, durably: records its nodes while it waits and settles durable', async () => {
    const history = createMemoryRunStore();
    const checkpoints: RunRecord[] = [];
    const engine = createEngine({
      mods: [storeMod],
      dataDir: tempDir(),
      runStore: {
        ...history,
        save: (run) => {
          checkpoints.push(run);
          return history.save(run);
        },
      },
    });
    await engine.start();
    try {
      const workflow = fence('Place an order, durably');
      await engine.workflows.save(workflow.id, workflow);
      const run = await engine.run({ workflowId: workflow.id, input: { item: 'tea', qty: 2 } });
      expect(run).toMatchObject({ status: 'ok', durable: true, output: { data: { item: 'tea', qty: 2 }, version: 1 } });
      // While `wait` waited, history already held `save` as done, with what it wrote.
      const during = checkpoints.find((r) => r.status === 'running' && r.nodes.wait?.status === 'running');
      expect(during?.nodes.save).toMatchObject({ status: 'ok', outputs: { ok: true, doc: { version: 1 } } });
    } finally {
      await engine.stop();
    }
  });

  it('Import order lines, durably: every item run is durable, at its index', async () => {
    const history = createMemoryRunStore();
    const engine = createEngine({ mods: [storeMod], dataDir: tempDir(), runStore: history });
    await engine.start();
    try {
      for (const name of ['Store an order line', 'Import order lines, durably']) {
        const workflow = fence(name);
        await engine.workflows.save(workflow.id, workflow);
      }
      const lines = [{ sku: 'tea' }, { sku: 'cup' }, { sku: 'pot' }];
      const run = await engine.run({ workflowId: 'import-order-lines', input: lines });
      expect(run).toMatchObject({ status: 'ok', durable: true });
      expect((run.output as Array<{ data: unknown }>).map((doc) => doc.data)).toEqual(lines);
      const items = (await history.list({ parentRunId: run.id })).runs;
      expect(items.map((r) => [r.childKey, r.durable, r.status]).sort()).toEqual([
        ['0', true, 'ok'],
        ['1', true, 'ok'],
        ['2', true, 'ok'],
      ]);
    } finally {
      await engine.stop();
    }
  });
});
