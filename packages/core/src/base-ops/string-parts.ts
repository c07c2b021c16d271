import { z } from 'zod';
import { defineOp } from '../ops/define-op.ts';
import { countCodePoints, sliceCodePoints } from './string-code-points.ts';
import { MAX_ITEMS, MAX_TEXT_LENGTH, tooLarge } from './value-limits.ts';

const Text = { schema: z.string(), description: 'The text.' };

/** Splits at each `separator`; an empty separator splits into code points. At most `limit` pieces, the last holding the rest. */
export function splitText(text: string, separator: string, limit: number): string[] {
  const pieces: string[] = [];
  if (separator === '') {
    let i = 0;
    while (i < text.length && pieces.length < limit - 1) {
      const code = text.codePointAt(i) as number;
      const width = code > 0xffff ? 2 : 1;
      pieces.push(text.slice(i, i + width));
      i += width;
    }
    if (i < text.length) pieces.push(text.slice(i));
    return pieces;
  }
  let from = 0;
  while (pieces.length < limit - 1) {
    const at = text.indexOf(separator, from);
    if (at < 0) break;
    pieces.push(text.slice(from, at));
    from = at + separator.length;
  }
  pieces.push(text.slice(from));
  return pieces;
}

export const stringSplit = defineOp({
  name: 'string.split',
  title: 'Split',
  category: 'string',
  description:
    'Cuts the text at every `separator` into an array of pieces. An empty separator cuts it into characters (code points, so `😀` stays whole). With `limit`, there are at most that many pieces and the last one holds the rest of the text, separators included. At most 1,000,000 pieces (`too_large` otherwise).',
  keywords: ['explode', 'tokenize', 'csv', 'lines', 'words'],
  inputs: {
    text: Text,
    separator: { schema: z.string().default(','), description: 'Where to cut (a comma when not given).' },
    limit: { schema: z.number().int().min(1).max(MAX_ITEMS).optional(), description: 'The most pieces to make.' },
  },
  outputs: {
    items: { schema: z.array(z.string()), description: 'The pieces, in order.' },
    count: { schema: z.number().int(), description: 'How many pieces.' },
  },
  examples: [
    { title: 'Comma-separated', inputs: { text: 'red,green,blue' }, outputs: { items: ['red', 'green', 'blue'], count: 3 } },
    {
      title: 'Key and the rest',
      inputs: { text: 'name=Ada=Lovelace', separator: '=', limit: 2 },
      outputs: { items: ['name', 'Ada=Lovelace'], count: 2 },
    },
    { title: 'Characters', inputs: { text: 'a😀b', separator: '' }, outputs: { items: ['a', '😀', 'b'], count: 3 } },
  ],
  run: (inputs) => {
    const limit = inputs.limit ?? MAX_ITEMS + 1;
    const items = splitText(inputs.text, inputs.separator, limit);
    if (items.length > MAX_ITEMS) throw tooLarge('text', `Splitting makes more than ${MAX_ITEMS} pieces; set a limit`);
    return { items, count: items.length };
  },
});

const Joinable = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const stringJoin = defineOp({
  name: 'string.join',
  title: 'Join',
  category: 'string',
  description:
    'Joins the items of an array into one text with `separator` between them. Numbers and booleans become text, `null` becomes nothing; objects are refused (turn them into text first, with `json.stringify` or `string.template`). The result may be at most 16 Mi UTF-16 units (`too_large` otherwise).',
  keywords: ['implode', 'concatenate', 'glue', 'csv'],
  inputs: {
    items: { schema: z.array(Joinable), description: 'The texts, numbers or booleans to join.' },
    separator: { schema: z.string().default(','), description: 'What goes between items (a comma when not given).' },
  },
  outputs: { text: { schema: z.string(), description: 'The joined text.' } },
  examples: [
    { title: 'A list', inputs: { items: ['red', 'green', 'blue'], separator: ', ' }, outputs: { text: 'red, green, blue' } },
    { title: 'Mixed values', inputs: { items: ['v', 2, true, null], separator: '-' }, outputs: { text: 'v-2-true-' } },
  ],
  run: (inputs) => {
    const parts = inputs.items.map((item) => (item === null ? '' : String(item)));
    let length = Math.max(parts.length - 1, 0) * inputs.separator.length;
    for (const part of parts) length += part.length;
    if (length > MAX_TEXT_LENGTH) throw tooLarge('items', `The joined text would be longer than ${MAX_TEXT_LENGTH} units`);
    return { text: parts.join(inputs.separator) };
  },
});

export const stringSlice = defineOp({
  name: 'string.slice',
  title: 'Slice',
  category: 'string',
  description:
    'The part of the text from `start` up to (not including) `end`, counted in code points (`😀` is one). Negative indexes count from the end: `start` −3 is the last three characters. Out-of-range indexes are clamped.',
  keywords: ['substring', 'substr', 'truncate', 'left', 'right', 'characters'],
  inputs: {
    text: Text,
    start: { schema: z.number().int().default(0), description: 'Where to begin (0 when not given); negative counts from the end.' },
    end: { schema: z.number().int().optional(), description: 'Where to stop, not included (the end when not given); negative counts from the end.' },
  },
  outputs: { text: { schema: z.string(), description: 'The slice.' } },
  examples: [
    { title: 'The first five', inputs: { text: 'Hello, Ada!', start: 0, end: 5 }, outputs: { text: 'Hello' } },
    { title: 'The last three', inputs: { text: 'invoice-2026', start: -4 }, outputs: { text: '2026' } },
    { title: 'Emoji count once', inputs: { text: '😀😁😂', start: 1, end: 2 }, outputs: { text: '😁' } },
  ],
  run: (inputs) => ({ text: sliceCodePoints(inputs.text, inputs.start, inputs.end) }),
});

export const stringLength = defineOp({
  name: 'string.length',
  title: 'Length',
  category: 'string',
  description:
    '`length` counts code points, the characters a person sees in most text (`😀` is 1). `units` counts UTF-16 code units, what JavaScript’s `.length` gives (`😀` is 2). A flag with its skin tone or a family emoji is several code points.',
  keywords: ['count', 'characters', 'size', 'chars'],
  inputs: { text: Text },
  outputs: {
    length: { schema: z.number().int(), description: 'Code points.' },
    units: { schema: z.number().int(), description: 'UTF-16 code units.' },
  },
  examples: [
    { title: 'Plain text', inputs: { text: 'Ada' }, outputs: { length: 3, units: 3 } },
    { title: 'With an emoji', inputs: { text: 'hi 😀' }, outputs: { length: 4, units: 5 } },
  ],
  run: (inputs) => ({ length: countCodePoints(inputs.text), units: inputs.text.length }),
});
