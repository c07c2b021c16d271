import { fileURLToPath } from 'node:url';
import { createEngine } from '@pattern/core';
import storeMod from '@pattern/mod-store';
import { tempDir } from '@pattern/testing';
import { describe, expect, it } from 'vitest';
import { workflowFences } from './helpers/workflow-fences.ts';

const chapter = fileURLToPath(new URL('../handbook/guides', import.meta.url));
const fence = (name: string) => {
  const found = workflowFences([chapter]).find((f) => f.file.endsWith('schedules.md') && f.name === name);
  if (!found) throw new Error(`no workflow fence named "${name}" in the Schedules guide`);
  return JSON.parse(found.source) as { id: string };
};

const DAY = 86_400_000;

describe('the Schedules guide, run as written', () => {
  it('Nightly cleanup deletes the sessions older than a week and keeps the others', async () => {
    const engine = createEngine({
      mods: [storeMod],
      dataDir: tempDir(),
      modOptions: { store: { collections: [{ name: 'sessions', indexes: ['createdAtMs'] }] } },
    });
    await engine.start();
    try {
      const documents = engine.services.get<{
        put(input: { collection: string; id: string; data: Record<string, unknown> }): Promise<unknown>;
        get(collection: string, id: string): Promise<unknown>;
      }>('store');
      const now = Date.now();
      for (const [id, age] of [
        ['old-1', 8 * DAY],
        ['old-2', 30 * DAY],
        ['recent', DAY],
      ] as const) {
        await documents.put({ collection: 'sessions', id, data: { createdAtMs: now - age } });
      }
      const deleteOne = fence('Delete a session');
      await engine.workflows.save(deleteOne.id, deleteOne);
      const cleanup = fence('Nightly cleanup');
      await engine.workflows.save(cleanup.id, cleanup);

      const run = await engine.run({
        workflowId: cleanup.id,
        input: { firedAt: new Date(now).toISOString(), tick: 1 },
        trigger: { kind: 'schedule' },
      });
      expect(run.status, run.error?.message).toBe('ok');
      expect(run.output).toEqual([true, true]);
      expect(await documents.get('sessions', 'old-1')).toBeUndefined();
      expect(await documents.get('sessions', 'old-2')).toBeUndefined();
      expect(await documents.get('sessions', 'recent')).toBeDefined();
    } finally {
      await engine.stop();
    }
  });
});
