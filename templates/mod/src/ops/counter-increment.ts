import { defineOp } from '@pattern/core';
import { z } from 'zod';
import { CounterNameSchema, StepSchema } from '../schemas.ts';

export const counterIncrement = defineOp({
  name: 'counter.increment',
  title: 'Increment counter',
  category: 'counter',
  description: 'Adds to a named counter and emits its new value. A counter that was never incremented starts at 0.',
  inputs: {
    name: { schema: CounterNameSchema, description: 'The counter, like "visits".' },
    by: { schema: StepSchema.optional(), description: 'How much to add (default 1).' },
  },
  outputs: { value: { schema: z.number().int(), description: 'The value after the increment.' } },
  examples: [{ title: 'Count a first visit', inputs: { name: 'visits' }, outputs: { value: 1 } }],
  run: async (inputs, ctx) => ({ value: (await ctx.services.get('counter').increment({ name: inputs.name, by: inputs.by ?? 1 })).value }),
});
