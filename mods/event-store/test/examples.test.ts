import { describe, expect, it } from 'vitest';
import { eventStoreMod } from '../src/index.ts';
import { startEngine } from './harness.ts';

describe('worked example: Prices', () => {
  it('finds the latest price event of one product, and every event of one store after a position', async () => {
    const { engine, stop } = await startEngine([eventStoreMod()]);
    const change = async (type: string, store_id: string, product_id: string, price: number) => {
      const run = await engine.invoke('events.append', {
        aggregateType: 'Price',
        aggregateId: `${store_id}.${product_id}`,
        events: { type, payload: { store_id, product_id, price } },
      }).done;
      expect(run.status).toBe('ok');
    };
    await change('PriceLowered', 's-1', 'p-1', 9);
    await change('PriceRaised', 's-2', 'p-1', 12);
    await change('PriceLowered', 's-1', 'p-2', 3);
    await change('PriceRaised', 's-1', 'p-1', 10);
    await change('PriceLowered', 's-2', 'p-2', 2);

    const latest = await engine.invoke('events.latest', { type: 'PriceRaised', tag: { product_id: 'p-1' } }).done;
    expect(latest.output).toMatchObject({ found: true, event: { position: 4, payload: { store_id: 's-1', price: 10 } } });
    const lowered = await engine.invoke('events.latest', { type: 'PriceLowered', tag: { product_id: 'p-1' } }).done;
    expect(lowered.output).toMatchObject({ found: true, event: { position: 1, payload: { price: 9 } } });

    const ofStore = await engine.invoke('events.query', { tag: { store_id: 's-1' }, after: 1 }).done;
    expect((ofStore.output as { events: Array<{ position: number }> }).events.map((e) => e.position)).toEqual([3, 4]);
    expect(ofStore.output).toMatchObject({ next: null });
    const paged = await engine.invoke('events.query', { types: ['PriceLowered', 'PriceRaised'], tag: { store_id: 's-1' }, limit: 2 }).done;
    expect(paged.output).toMatchObject({ next: 3 });
    await stop();
  });
});
