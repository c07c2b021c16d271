import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine } from '@pattern/core';
import { tempDir } from '@pattern/testing';
import { describe, expect, it } from 'vitest';
import eventStore, { eventStoreMod } from '../src/index.ts';
import { startEngine } from './harness.ts';

describe('the event-store mod', () => {
  it('registers its ops, its service and its docs', async () => {
    expect(eventStore.name).toBe('event-store');
    expect(eventStore.docs && existsSync(join(eventStore.docs, 'concepts.md'))).toBe(true);
    for (const op of eventStore.ops ?? []) expect(existsSync(join(eventStore.docs as string, 'ops', `${op.name}.md`)), op.name).toBe(true);
    const { engine, stop } = await startEngine([eventStore]);
    const names = engine
      .catalog()
      .filter((op) => op.mod === 'event-store')
      .map((op) => op.name)
      .sort();
    expect(names).toEqual([
      'aggregate.execute',
      'aggregate.load',
      'aggregate.rebuild',
      'events.append',
      'events.latest',
      'events.on',
      'events.query',
      'events.read',
    ]);
    await stop();
  });

  it('keeps events in <dataDir>/events.db, across restarts', async () => {
    const dir = tempDir();
    const first = await startEngine([eventStoreMod()], dir);
    await first.events.append({ aggregateType: 'Order', aggregateId: 'o-1' }, [{ type: 'OrderPlaced' }]);
    await first.stop();
    expect(existsSync(join(dir, 'events.db'))).toBe(true);
    const second = await startEngine([eventStoreMod()], dir);
    expect((await second.events.read({ aggregateType: 'Order', aggregateId: 'o-1' })).map((e) => e.type)).toEqual(['OrderPlaced']);
    await second.stop();
  });

  it('refuses bad options at start, naming the option', async () => {
    const engine = createEngine({ mods: [eventStoreMod()], modOptions: { 'event-store': { pollMs: 'often' } } });
    await expect(engine.start()).rejects.toMatchObject({ code: 'validation_failed', details: { field: 'options.event-store.pollMs' } });
    const noDir = createEngine({ mods: [eventStoreMod()], modOptions: { 'event-store': { storage: 'sqlite' } } });
    await expect(noDir.start()).rejects.toThrow(/needs a data dir/);
  });

  it("stamps metadata from the run; an event's own metadata wins and extra keys are kept", async () => {
    const { engine, stop } = await startEngine([eventStoreMod()]);
    const workflow = {
      id: 'orders.note',
      nodes: [
        {
          id: 'append',
          op: 'events.append',
          config: {
            aggregateType: 'Order',
            aggregateId: 'o-1',
            events: [
              { type: 'OrderNoted', payload: { orderId: 'o-1' }, metadata: { correlationId: 'request-42', tenant: 'acme' } },
              { type: 'OrderNoted' },
            ],
          },
        },
        { id: 'out', op: 'flow.output' },
      ],
      edges: [{ from: { node: 'append', port: 'events' }, to: { node: 'out', port: 'value' } }],
    };
    const run = await engine.run({ workflow });
    const [own, defaulted] = run.output as Array<{ metadata: Record<string, unknown> }>;
    expect(own?.metadata).toEqual({
      createdBy: 'workflow:orders.note',
      correlationId: 'request-42',
      runId: run.id,
      nodeId: 'append',
      tenant: 'acme',
    });
    expect(defaulted?.metadata).toEqual({ createdBy: 'workflow:orders.note', correlationId: run.id, runId: run.id, nodeId: 'append' });
    await stop();
  });

  it('makes a retried append through the op a success, and a conflict a value to branch on', async () => {
    const { engine, stop } = await startEngine([eventStoreMod()]);
    const inputs = {
      aggregateType: 'Order',
      aggregateId: 'o-1',
      events: [{ id: 'req-1-placed', type: 'OrderPlaced', payload: { total: 1 } }],
      expectedVersion: 'no_stream',
    };
    const first = await engine.invoke('events.append', inputs).done;
    const retried = await engine.invoke('events.append', inputs).done;
    expect(first.output).toMatchObject({ ok: true, version: 1 });
    expect(retried.output).toMatchObject({ ok: true, version: 1, events: [{ id: 'req-1-placed', position: 1 }] });
    const other = await engine.invoke('events.append', { ...inputs, events: [{ id: 'req-2', type: 'OrderPlaced' }] }).done;
    expect(other.output).toMatchObject({ ok: false, version: 1, conflict: { expected: 'no_stream', actual: 1 } });
    const changed = await engine.invoke('events.append', { ...inputs, events: [{ id: 'req-1-placed', type: 'OrderPlaced', payload: { total: 2 } }] })
      .done;
    expect(changed).toMatchObject({ status: 'error', error: { code: 'idempotency_conflict' } });
    await stop();
  });
});
