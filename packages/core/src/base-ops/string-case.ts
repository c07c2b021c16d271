import { z } from 'zod';
import { defineOp } from '../ops/define-op.ts';
import { countCodePoints, headCodePoints } from './string-code-points.ts';
import { MAX_TEXT_LENGTH, tooLarge } from './value-limits.ts';

const Text = { schema: z.string(), description: 'The text.' };
const Result = { text: { schema: z.string(), description: 'The changed text.' } };

export const stringLower = defineOp({
  name: 'string.lower',
  title: 'Lower case',
  category: 'string',
  description:
    'The text in lower case, by Unicode’s rules for every language at once (no locale: `İ` becomes `i̇`, Turkish dotless `ı` is not produced).',
  keywords: ['lowercase', 'downcase', 'case', 'small letters'],
  inputs: { text: Text },
  outputs: Result,
  examples: [
    { title: 'Shout to whisper', inputs: { text: 'HELLO, Ada!' }, outputs: { text: 'hello, ada!' } },
    { title: 'Beyond ASCII', inputs: { text: 'ÉCOLE ΣΟΦΊΑ' }, outputs: { text: 'école σοφία' } },
  ],
  run: (inputs) => ({ text: inputs.text.toLowerCase() }),
});

export const stringUpper = defineOp({
  name: 'string.upper',
  title: 'Upper case',
  category: 'string',
  description: 'The text in upper case, by Unicode’s rules with no locale (`ß` becomes `SS`, so the text may grow).',
  keywords: ['uppercase', 'upcase', 'capitals', 'case'],
  inputs: { text: Text },
  outputs: Result,
  examples: [
    { title: 'Capitals', inputs: { text: 'hello, ada!' }, outputs: { text: 'HELLO, ADA!' } },
    { title: 'Sharp s', inputs: { text: 'straße' }, outputs: { text: 'STRASSE' } },
  ],
  run: (inputs) => ({ text: inputs.text.toUpperCase() }),
});

export const stringTrim = defineOp({
  name: 'string.trim',
  title: 'Trim',
  category: 'string',
  description: 'Removes white space (spaces, tabs, line breaks, no-break spaces, the BOM) from the start, the end or both ends of the text.',
  keywords: ['strip', 'whitespace', 'spaces'],
  config: z.object({ mode: z.enum(['both', 'start', 'end']).default('both').describe('Which end to trim: `both`, `start` or `end`.') }),
  inputs: { text: Text },
  outputs: { text: { schema: z.string(), description: 'The trimmed text.' } },
  examples: [
    { title: 'Both ends', inputs: { text: '  Ada \n' }, outputs: { text: 'Ada' } },
    { title: 'Only the start', config: { mode: 'start' }, inputs: { text: '\t Ada ' }, outputs: { text: 'Ada ' } },
  ],
  run: (inputs, ctx) => {
    const mode = ctx.config.mode;
    return { text: mode === 'start' ? inputs.text.trimStart() : mode === 'end' ? inputs.text.trimEnd() : inputs.text.trim() };
  },
});

export const stringPad = defineOp({
  name: 'string.pad',
  title: 'Pad',
  category: 'string',
  description:
    'Repeats `fill` at the start or the end until the text is `length` code points long (`😀` counts as one); text already that long is left as it is. The result may be at most 16 Mi UTF-16 units (`too_large` otherwise).',
  keywords: ['padStart', 'padEnd', 'leading zeros', 'fill'],
  config: z.object({ side: z.enum(['start', 'end']).default('start').describe('Where the fill goes: `start` or `end`.') }),
  inputs: {
    text: Text,
    length: { schema: z.number().int().min(0), description: 'The length to reach, in code points.' },
    fill: { schema: z.string().min(1).default(' '), description: 'What to repeat (a space when not given); cut to fit.' },
  },
  outputs: { text: { schema: z.string(), description: 'The padded text.' } },
  examples: [
    { title: 'Leading zeros', inputs: { text: '42', length: 5, fill: '0' }, outputs: { text: '00042' } },
    { title: 'Pad the end', config: { side: 'end' }, inputs: { text: 'Ada', length: 6, fill: '.' }, outputs: { text: 'Ada...' } },
  ],
  run: (inputs, ctx) => {
    const missing = inputs.length - countCodePoints(inputs.text);
    if (missing <= 0) return { text: inputs.text };
    const fillPoints = countCodePoints(inputs.fill);
    const worst = inputs.text.length + Math.ceil(missing / fillPoints) * inputs.fill.length;
    if (worst > MAX_TEXT_LENGTH)
      throw tooLarge('length', `Padding to ${inputs.length} characters would make text longer than ${MAX_TEXT_LENGTH} units`);
    const padding = headCodePoints(inputs.fill.repeat(Math.ceil(missing / fillPoints)), missing);
    return { text: ctx.config.side === 'start' ? padding + inputs.text : inputs.text + padding };
  },
});

/** Letters that NFKD does not take apart into a base letter and marks. */
const LIGATURES: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', ł: 'l', þ: 'th', ı: 'i', ŧ: 't', ħ: 'h' };
const LIGATURE = /[ßæœøđðłþıŧħ]/g;
const MARKS = /\p{M}+/gu;
const NOT_ASCII_WORD = /[^a-z0-9]+/g;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;

export const stringSlugify = defineOp({
  name: 'string.slugify',
  title: 'Slugify',
  category: 'string',
  description:
    'Makes text into a URL slug: lower case, accents dropped (`é` → `e`, `ß` → `ss`), every run of other characters one `separator`, none at the ends. With `ascii` off, letters and digits of every script are kept (`привет-мир`).',
  keywords: ['slug', 'url', 'permalink', 'kebab'],
  config: z.object({
    separator: z
      .string()
      .regex(/^[-_.~]?$/, 'one of - _ . ~ or nothing: the characters a URL keeps as they are')
      .default('-')
      .describe('What goes between words: `-`, `_`, `.`, `~` or nothing.'),
    ascii: z.boolean().default(true).describe('Keep only a–z and 0–9; off keeps letters and digits of every script.'),
    maxLength: z.number().int().min(1).optional().describe('At most this many code points, cut after the last whole word that fits.'),
  }),
  inputs: { text: Text },
  outputs: { slug: { schema: z.string(), description: 'The slug; empty when the text had no letters or digits.' } },
  examples: [
    { title: 'A title', inputs: { text: 'Crème Brûlée: the 10 best recipes!' }, outputs: { slug: 'creme-brulee-the-10-best-recipes' } },
    { title: 'Other scripts kept', config: { ascii: false, separator: '_' }, inputs: { text: 'Привет, Мир' }, outputs: { slug: 'привет_мир' } },
  ],
  run: (inputs, ctx) => {
    const { separator, ascii, maxLength } = ctx.config;
    const base = inputs.text
      .normalize('NFKD')
      .replace(MARKS, '')
      .toLowerCase()
      .replace(LIGATURE, (ch) => LIGATURES[ch] ?? '');
    const words = base.split(ascii ? NOT_ASCII_WORD : NOT_WORD).filter((w) => w !== '');
    const full = words.join(separator);
    if (maxLength === undefined || countCodePoints(full) <= maxLength) return { slug: full };
    let slug = headCodePoints(full, maxLength);
    if (separator !== '' && !full.startsWith(separator, slug.length)) {
      const cut = slug.lastIndexOf(separator);
      if (cut > 0) slug = slug.slice(0, cut);
    }
    if (separator !== '' && slug.endsWith(separator)) slug = slug.slice(0, -1);
    return { slug };
  },
});
