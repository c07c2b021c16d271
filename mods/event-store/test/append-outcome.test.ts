import { afterEach, describe, expect, it } from 'vitest';
import { eventStoreMod } from '../src/index.ts';
import { type Started, startEngine } from './harness.ts';

const stream = { aggregateType: 'Order', aggregateId: 'o-1' };
let started: Started | undefined;
afterEach(async () => {
  await started?.stop();
  started = undefined;
});

describe('an append that loses its race, through the service', () => {
  it('is a value with what was expected and what the stream is at, and writes nothing', async () => {
    started = await startEngine([eventStoreMod()]);
    const { events } = started;
    expect(await events.tryAppend(stream, [{ type: 'OrderPlaced' }], { expectedVersion: 'no_stream' })).toMatchObject({ ok: true, version: 1 });
    const lost = await events.tryAppend(stream, [{ type: 'OrderPlaced' }], { expectedVersion: 'no_stream' });
    expect(lost).toEqual({
      ok: false,
      conflict: { expected: 'no_stream', actual: 1, stream: 'Order/o-1' },
      message: 'Stream Order/o-1 already exists (version 1)',
    });
    expect(await events.tryAppend(stream, [{ type: 'OrderPaid' }], { expectedVersion: 5 })).toMatchObject({
      ok: false,
      conflict: { expected: 5, actual: 1 },
    });
    expect(await events.read(stream)).toHaveLength(1);
  });

  it('still fails on what is not a race: an event id appended before with other content', async () => {
    started = await startEngine([eventStoreMod()]);
    const { events } = started;
    await events.tryAppend(stream, [{ id: 'evt-1', type: 'OrderPlaced', payload: { total: 1 } }]);
    await expect(events.tryAppend(stream, [{ id: 'evt-1', type: 'OrderPlaced', payload: { total: 2 } }])).rejects.toMatchObject({
      code: 'idempotency_conflict',
    });
  });
});
