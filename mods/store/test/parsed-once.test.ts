import { createEngine, type Engine, type RunRecord } from '@pattern/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { storeMod } from '../src/index.ts';
import { StoreService } from '../src/service.ts';

let engine: Engine | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await engine?.stop();
  engine = undefined;
});

const output = (run: RunRecord) => {
  expect(run.status, run.error?.message).toBe('ok');
  return run.output as Record<string, unknown>;
};

describe('document ops', () => {
  it("hand the values their input schemas parsed to the store's documents, never through the service's parsing edge again", async () => {
    engine = createEngine({ mods: [storeMod] });
    await engine.start();
    const edge = (['get', 'put', 'patch', 'delete', 'query', 'count'] as const).map((method) => vi.spyOn(StoreService.prototype, method));
    const put = output(await engine.invoke('store.put', { collection: 'orders', id: 'o-1', data: { status: 'open' } }).done);
    expect(put).toMatchObject({ ok: true, doc: { id: 'o-1', version: 1 } });
    expect(output(await engine.invoke('store.patch', { collection: 'orders', id: 'o-1', patch: { status: 'paid' }, version: 1 }).done)).toMatchObject(
      {
        ok: true,
        doc: { data: { status: 'paid' }, version: 2 },
      },
    );
    expect(output(await engine.invoke('store.get', { collection: 'orders', id: 'o-1' }).done)).toMatchObject({ found: true });
    expect(output(await engine.invoke('store.query', { collection: 'orders' }).done)).toMatchObject({ docs: [{ id: 'o-1' }], next: null });
    expect(output(await engine.invoke('store.count', { collection: 'orders' }).done)).toEqual({ count: 1 });
    expect(output(await engine.invoke('store.delete', { collection: 'orders', id: 'o-1' }).done)).toEqual({ deleted: true });
    expect(edge.map((spy) => spy.mock.calls.length)).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
