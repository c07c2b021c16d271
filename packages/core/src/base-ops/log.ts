import { z } from 'zod';
import { defineOp } from '../ops/define-op.ts';
import { after } from './control-ports.ts';

export const log = defineOp({
  name: 'log',
  title: 'Log',
  category: 'debug',
  description: "Writes a line to the run's trace and the server log, and passes `value` on.",
  config: z.object({
    level: z.enum(['debug', 'info', 'warn', 'error']).default('info').describe('How loud.'),
    message: z.string().default('log').describe('The line to write; the value goes with it.'),
  }),
  inputs: { value: { description: 'What to log and pass on.' }, after },
  outputs: {
    value: { description: 'The value, unchanged.' },
    done: { kind: 'control', description: 'Pulses once the line is written.' },
  },
  examples: [{ title: 'Log a value', config: { message: 'order placed' }, inputs: { value: { id: 1 } }, outputs: { value: { id: 1 }, done: true } }],
  run: (inputs, ctx) => {
    ctx.log[ctx.config.level](ctx.config.message, { value: inputs.value });
    return { value: inputs.value ?? null, done: true };
  },
});
