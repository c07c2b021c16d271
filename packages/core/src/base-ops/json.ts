import { z } from 'zod';
import { PatternError } from '../errors.ts';
import { jsonTextTooDeep, tooDeep } from '../json/depth.ts';
import { defineOp } from '../ops/define-op.ts';

export const jsonParse = defineOp({
  name: 'json.parse',
  title: 'Parse JSON',
  category: 'json',
  description:
    'Parses JSON text into a value; fails with `invalid_json` on malformed text, and with `too_deep` when arrays and objects nest deeper than the value limit (`limits.maxValueDepth`, 256 levels).',
  inputs: { text: { schema: z.string(), description: 'The JSON text.' } },
  outputs: { value: { description: 'The parsed value.' } },
  examples: [{ title: 'Parse', inputs: { text: '{"a":[1,2]}' }, outputs: { value: { a: [1, 2] } } }],
  run: (inputs, ctx) => {
    // Checked on the text, so a hostile document is refused before it is built.
    if (jsonTextTooDeep(inputs.text, ctx.limits.maxValueDepth)) throw tooDeep('text', ctx.limits.maxValueDepth);
    try {
      return { value: JSON.parse(inputs.text) as unknown };
    } catch (error) {
      throw new PatternError('invalid_json', `Not valid JSON: ${(error as Error).message}`);
    }
  },
});

export const jsonStringify = defineOp({
  name: 'json.stringify',
  title: 'Stringify JSON',
  category: 'json',
  description: 'Turns a value into JSON text, optionally indented.',
  config: z.object({ indent: z.number().int().min(0).max(8).default(0).describe('Spaces of indentation; 0 for compact.') }),
  inputs: { value: { description: 'The value to serialize.' } },
  outputs: { text: { schema: z.string(), description: 'The JSON text.' } },
  examples: [{ title: 'Compact', inputs: { value: { a: 1 } }, outputs: { text: '{"a":1}' } }],
  run: (inputs, ctx) => ({ text: JSON.stringify(inputs.value ?? null, null, ctx.config.indent || undefined) }),
});
