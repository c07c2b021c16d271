import { z } from 'zod';
import { getPath, splitPath } from '../json/path.ts';
import { defineOp } from '../ops/define-op.ts';

const PLACEHOLDER = /\{\{\s*([^{}\s]*)\s*\}\}/g;
const MAX_CACHED_TEMPLATES = 1000;

/** A template split once into literal text and the paths between: `['Hello, ', ['name'], '!']`. */
type CompiledTemplate = Array<string | string[]>;
const compiled = new Map<string, CompiledTemplate>();

function compileTemplate(template: string): CompiledTemplate {
  let parts = compiled.get(template);
  if (parts) return parts;
  parts = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    parts.push(template.slice(last, match.index), splitPath(match[1] ?? ''));
    last = match.index + match[0].length;
  }
  parts.push(template.slice(last));
  if (compiled.size >= MAX_CACHED_TEMPLATES) compiled.delete(compiled.keys().next().value as string);
  compiled.set(template, parts);
  return parts;
}

/** `Hello, {{ user.name }}!` over an object; a missing path renders as an empty string. */
export function renderTemplate(template: string, data: unknown): string {
  let out = '';
  for (const part of compileTemplate(template)) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    const value = getPath(data, part);
    if (value === undefined || value === null) continue;
    out += typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return out;
}

export const stringTemplate = defineOp({
  name: 'string.template',
  title: 'Template',
  category: 'string',
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
