import { z } from 'zod';
import { defineOp } from '../ops/define-op.ts';

type Test = (text: string, search: string) => boolean;

function searchOp(name: string, title: string, what: string, keywords: string[], test: Test, examples: Array<[string, string, boolean]>) {
  return defineOp({
    name: `string.${name}`,
    title,
    category: 'string',
    description: `Whether the text ${what} \`search\`. An empty \`search\` always matches. With \`ignoreCase\`, both are compared in lower case.`,
    keywords,
    config: z.object({ ignoreCase: z.boolean().default(false).describe('Compare without regard to upper and lower case.') }),
    inputs: {
      text: { schema: z.string(), description: 'The text to look in.' },
      search: { schema: z.string(), description: 'The text to look for.' },
    },
    outputs: { result: { schema: z.boolean(), description: `Whether the text ${what} it.` } },
    examples: [
      ...examples.map(([text, search, result]) => ({ title: `"${search}" in "${text}"`, inputs: { text, search }, outputs: { result } })),
      {
        title: 'Ignoring case',
        config: { ignoreCase: true },
        inputs: { text: 'Hello Ada', search: examples[0]?.[1].toUpperCase() },
        outputs: { result: true },
      },
    ],
    run: (inputs, ctx) =>
      ctx.config.ignoreCase ? { result: test(inputs.text.toLowerCase(), inputs.search.toLowerCase()) } : { result: test(inputs.text, inputs.search) },
  });
}

export const stringIncludes = searchOp('includes', 'Includes', 'contains', ['contains', 'has', 'substring', 'indexOf'], (t, s) => t.includes(s), [
  ['Hello Ada', 'Ada', true],
  ['Hello Ada', 'Bob', false],
]);

export const stringStartsWith = searchOp('startsWith', 'Starts with', 'starts with', ['prefix', 'begins'], (t, s) => t.startsWith(s), [
  ['Hello Ada', 'Hello', true],
  ['Hello Ada', 'Ada', false],
]);

export const stringEndsWith = searchOp('endsWith', 'Ends with', 'ends with', ['suffix', 'extension'], (t, s) => t.endsWith(s), [
  ['Hello Ada', 'Ada', true],
  ['Hello Ada', 'Hello', false],
]);
