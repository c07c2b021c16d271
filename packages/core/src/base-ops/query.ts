import { z } from 'zod';
import { JsonObjectSchema } from '../json/object-schema.ts';
import { defineOp } from '../ops/define-op.ts';
import { objectToParams, paramsToObject } from './query-params.ts';

export const queryParse = defineOp({
  name: 'query.parse',
  title: 'Parse query string',
  category: 'url',
  keywords: ['querystring', 'search params', 'urlsearchparams', 'url parameters', 'decode'],
  description:
    'Reads a query string (`a=1&tag=x&tag=y`, with or without the leading `?`) into an object. A key given once is a string, a repeated key an array of its values in order; `+` and `%20` are spaces.',
  config: z.object({ alwaysArrays: z.boolean().default(false).describe('Make every value an array, even of one.') }),
  inputs: { text: { schema: z.string(), description: 'The query string.' } },
  outputs: { query: { schema: JsonObjectSchema, description: 'The parameters by key.' } },
  examples: [
    { title: 'Repeated keys', inputs: { text: '?q=red+shoes&size=40&size=41' }, outputs: { query: { q: 'red shoes', size: ['40', '41'] } } },
    { title: 'Always arrays', config: { alwaysArrays: true }, inputs: { text: 'page=2' }, outputs: { query: { page: ['2'] } } },
  ],
  run: (inputs, ctx) => ({ query: paramsToObject(new URLSearchParams(inputs.text), ctx.config.alwaysArrays) }),
});

export const queryBuild = defineOp({
  name: 'query.build',
  title: 'Build query string',
  category: 'url',
  keywords: ['querystring', 'search params', 'urlsearchparams', 'url parameters', 'encode'],
  description:
    'Writes an object as a query string (without the `?`), percent-encoded: strings, numbers and booleans as they print, an array as its key repeated, `null` left out. `query.parse` reads it back to the same object, except that a one-item array comes back as a string (unless `alwaysArrays`).',
  inputs: { query: { schema: JsonObjectSchema, description: 'The parameters by key.' } },
  outputs: { text: { schema: z.string(), description: 'The query string.' } },
  examples: [
    { title: 'Repeated keys', inputs: { query: { q: 'red shoes', size: [40, 41] } }, outputs: { text: 'q=red+shoes&size=40&size=41' } },
    {
      title: 'Characters that need escaping',
      inputs: { query: { next: '/cart?step=2', empty: null } },
      outputs: { text: 'next=%2Fcart%3Fstep%3D2' },
    },
  ],
  run: (inputs) => ({ text: objectToParams(inputs.query, 'query').toString() }),
});
