import { z } from 'zod';
import { defineOp } from '../ops/define-op.ts';
import { renderTemplate } from './template.ts';

export const stringTemplate = defineOp({
  name: 'string.template',
  title: 'Template',
  category: 'string',
  keywords: ['format', 'interpolate', 'mustache', 'placeholder'],
  description: 'Fills `{{ path }}` placeholders in `template` from `data` (dotted paths). Objects render as JSON; missing values as nothing.',
  inputs: {
    template: { schema: z.string(), description: 'Text with `{{ path }}` placeholders.' },
    data: { description: 'The object the paths are read from.' },
  },
  outputs: { text: { schema: z.string(), description: 'The rendered text.' } },
  examples: [{ title: 'Greeting', inputs: { template: 'Hello, {{ name }}!', data: { name: 'Ada' } }, outputs: { text: 'Hello, Ada!' } }],
  run: (inputs) => ({ text: renderTemplate(inputs.template, inputs.data) }),
});

const Part = z.union([z.string(), z.number(), z.boolean()]).optional();

export const stringConcat = defineOp({
  name: 'string.concat',
  title: 'Concatenate',
  category: 'string',
  keywords: ['append', 'combine', 'join text'],
  description: 'Joins up to four parts (numbers and booleans become text) with an optional separator.',
  config: z.object({ separator: z.string().default('').describe('Put between the parts.') }),
  inputs: {
    a: { schema: Part, description: 'First part.' },
    b: { schema: Part, description: 'Second part.' },
    c: { schema: Part, description: 'Third part.' },
    d: { schema: Part, description: 'Fourth part.' },
  },
  outputs: { text: { schema: z.string(), description: 'The joined text.' } },
  examples: [{ title: 'With a separator', config: { separator: ' ' }, inputs: { a: 'Ada', b: 'Lovelace' }, outputs: { text: 'Ada Lovelace' } }],
  run: (inputs, ctx) => ({
    text: [inputs.a, inputs.b, inputs.c, inputs.d]
      .filter((p) => p !== undefined)
      .map(String)
      .join(ctx.config.separator),
  }),
});
