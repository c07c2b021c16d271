import { defineOp } from '../ops/define-op.ts';

export const valueConst = defineOp({
  name: 'value.const',
  title: 'Constant',
  category: 'value',
  keywords: ['constant', 'literal', 'fixed', 'static'],
  description: 'Emits a constant: set `value` in the node config.',
  inputs: { value: { description: 'The constant (usually set in config).' } },
  outputs: { value: { description: 'The constant.' } },
  examples: [{ title: 'A number', config: { value: 42 }, outputs: { value: 42 } }],
  run: (inputs) => ({ value: inputs.value ?? null }),
});
