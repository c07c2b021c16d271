// A user mod: one file, listed in pattern.config.json as "./examples/shop-mod.ts".
import { defineMod, defineOp } from '@pattern/core';
import type {} from '@pattern/mod-store';
import { z } from 'zod';

const openOrders = defineOp({
  name: 'shop.openOrders',
  description: 'Greets a customer with the number of their open orders.',
  inputs: { customerId: { schema: z.string(), description: 'The customer.' } },
  outputs: {
    count: { schema: z.number(), description: 'How many of their orders are open.' },
    text: { schema: z.string(), description: 'The greeting.' },
  },
  examples: [{ title: 'A new customer', inputs: { customerId: 'c1' }, outputs: { count: 0, text: 'Hello, c1: 0 open orders' } }],
  async run({ customerId }, ctx) {
    const customer = await ctx.services.get('store').get('customers', customerId);
    const { docs } = await ctx.call('store.query', { collection: 'orders', where: { customerId, status: 'open' } });
    const count = (docs as unknown[]).length;
    const name = customer?.data.name ?? customerId;
    const { text } = await ctx.call('string.template', { template: 'Hello, {{ name }}: {{ count }} open orders', data: { name, count } });
    return { count, text: text as string };
  },
});

export default defineMod({
  name: 'shop',
  version: '1.0.0',
  ops: [openOrders],
  contributes: { store: { collections: [{ name: 'orders', indexes: ['customerId', 'status'] }] } },
});
