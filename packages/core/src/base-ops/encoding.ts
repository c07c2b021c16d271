import { z } from 'zod';
import { defineOp } from '../ops/define-op.ts';
import { bytesFrom, bytesTo } from './encoding-bytes.ts';

const Alphabet = z
  .enum(['standard', 'url'])
  .default('standard')
  .describe('`standard` (+ and /, padded with =) or `url` (- and _, unpadded: for URLs, file names and JWTs).');
const base64Of = (alphabet: 'standard' | 'url') => (alphabet === 'standard' ? 'base64' : 'base64url');

export const base64Encode = defineOp({
  name: 'base64.encode',
  title: 'Base64 encode',
  category: 'encoding',
  keywords: ['btoa', 'base64url', 'binary', 'bytes'],
  description: 'Writes text (as UTF-8 bytes), or bytes given as hex, as base64. Text with a lone UTF-16 surrogate fails with `invalid_text`.',
  config: z.object({ alphabet: Alphabet, from: z.enum(['text', 'hex']).default('text').describe('What `value` is: text, or bytes as hex.') }),
  inputs: { value: { schema: z.string(), description: 'The text, or the hex bytes.' } },
  outputs: { text: { schema: z.string(), description: 'The base64.' } },
  examples: [
    { title: 'Text', inputs: { value: 'Hello, Ada!' }, outputs: { text: 'SGVsbG8sIEFkYSE=' } },
    { title: 'URL-safe, from bytes', config: { alphabet: 'url', from: 'hex' }, inputs: { value: 'fbff' }, outputs: { text: '-_8' } },
  ],
  run: (inputs, ctx) => ({ text: bytesTo(bytesFrom(inputs.value, ctx.config.from, 'value'), base64Of(ctx.config.alphabet), 'value') }),
});

export const base64Decode = defineOp({
  name: 'base64.decode',
  title: 'Base64 decode',
  category: 'encoding',
  keywords: ['atob', 'base64url', 'binary', 'bytes'],
  description:
    'Reads base64 (padding optional; spaces and line breaks ignored) into UTF-8 text, or into hex bytes. Characters outside the alphabet fail with `invalid_encoding`; bytes that are not UTF-8, asked for as text, with `invalid_utf8`.',
  config: z.object({ alphabet: Alphabet, to: z.enum(['text', 'hex']).default('text').describe('What to give: the bytes as UTF-8 text, or as hex.') }),
  inputs: { text: { schema: z.string(), description: 'The base64.' } },
  outputs: { value: { schema: z.string(), description: 'The decoded text, or hex.' } },
  examples: [
    { title: 'Text', inputs: { text: 'SGVsbG8sIEFkYSE=' }, outputs: { value: 'Hello, Ada!' } },
    { title: 'A JWT segment', config: { alphabet: 'url' }, inputs: { text: 'eyJhbGciOiJIUzI1NiJ9' }, outputs: { value: '{"alg":"HS256"}' } },
    { title: 'Not base64', inputs: { text: 'not base64!' } },
  ],
  run: (inputs, ctx) => ({ value: bytesTo(bytesFrom(inputs.text, base64Of(ctx.config.alphabet), 'text'), ctx.config.to, 'text') }),
});

export const hexEncode = defineOp({
  name: 'hex.encode',
  title: 'Hex encode',
  category: 'encoding',
  keywords: ['hexadecimal', 'bytes', 'binary'],
  description:
    'Writes text (as UTF-8 bytes), or bytes given as base64, as lowercase hex. Text with a lone UTF-16 surrogate fails with `invalid_text`.',
  config: z.object({ from: z.enum(['text', 'base64']).default('text').describe('What `value` is: text, or bytes as standard base64.') }),
  inputs: { value: { schema: z.string(), description: 'The text, or the base64 bytes.' } },
  outputs: { text: { schema: z.string(), description: 'Two hex digits per byte.' } },
  examples: [
    { title: 'Text', inputs: { value: 'Ada' }, outputs: { text: '416461' } },
    { title: 'Beyond ASCII', inputs: { value: 'é€' }, outputs: { text: 'c3a9e282ac' } },
  ],
  run: (inputs, ctx) => ({ text: bytesTo(bytesFrom(inputs.value, ctx.config.from, 'value'), 'hex', 'value') }),
});

export const hexDecode = defineOp({
  name: 'hex.decode',
  title: 'Hex decode',
  category: 'encoding',
  keywords: ['hexadecimal', 'bytes', 'binary'],
  description:
    'Reads hex (either case, two digits per byte) into UTF-8 text, or into base64. Anything else fails with `invalid_encoding`; bytes that are not UTF-8, asked for as text, with `invalid_utf8`.',
  config: z.object({ to: z.enum(['text', 'base64']).default('text').describe('What to give: the bytes as UTF-8 text, or as standard base64.') }),
  inputs: { text: { schema: z.string(), description: 'The hex.' } },
  outputs: { value: { schema: z.string(), description: 'The decoded text, or base64.' } },
  examples: [
    { title: 'Text', inputs: { text: '416461' }, outputs: { value: 'Ada' } },
    { title: 'To base64', config: { to: 'base64' }, inputs: { text: 'DEADBEEF' }, outputs: { value: '3q2+7w==' } },
  ],
  run: (inputs, ctx) => ({ value: bytesTo(bytesFrom(inputs.text, 'hex', 'text'), ctx.config.to, 'text') }),
});
