import { fileURLToPath } from 'node:url';
import { defineMod, defineOp } from '@pattern/core';

/** A mod with a docs folder, for checking how mod chapters and op prose are served. */
export const sampleMod = defineMod({
  name: 'sample',
  version: '1.2.3',
  description: 'A mod used by the docs tests.',
  ops: [
    defineOp({
      name: 'sample.echo',
      title: 'Echo',
      description: 'Passes `value` on unchanged.',
      inputs: { value: { description: 'Anything.' } },
      outputs: { value: { description: 'The same value.' } },
      examples: [{ title: 'Echo a word', inputs: { value: 'hi' }, outputs: { value: 'hi' } }],
      run: (inputs) => ({ value: inputs.value ?? null }),
    }),
  ],
  docs: fileURLToPath(new URL('../fixtures/sample-docs', import.meta.url)),
});
