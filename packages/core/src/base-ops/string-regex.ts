import type { RE2JS } from 're2js';
import { z } from 'zod';
import { defineOp } from '../ops/define-op.ts';
import { codePointsBetween } from './string-code-points.ts';
import { assertRegexText, PatternSchema, type PreparedRegex, prepareRegex, RegexFlagsSchema } from './string-regex-compile.ts';
import { defineOwn, MAX_TEXT_LENGTH, tooLarge } from './value-limits.ts';

type Part = string | { group: number } | { name: string };

/**
 * The replacement text split into literal text and group references, by the rules of
 * `String.prototype.replace`: `$1`–`$99` (two digits when that group exists), `$<name>`, `$&`
 * and `$$`. `` $` `` and `$'` stay literal: each would copy the rest of the text per match.
 */
function parseReplacement(replacement: string, groupCount: number, hasNames: boolean): Part[] {
  const parts: Part[] = [];
  let literal = '';
  for (let i = 0; i < replacement.length; i++) {
    const ch = replacement[i];
    const next = replacement[i + 1] ?? '';
    if (ch !== '$' || next === '') {
      literal += ch;
      continue;
    }
    let ref: Part | undefined;
    let width = 1;
    if (next === '$') ref = '$';
    else if (next === '&') ref = { group: 0 };
    else if (next >= '0' && next <= '9') {
      const two = Number(replacement.slice(i + 1, i + 3));
      const one = Number(next);
      if (/^\d\d$/.test(replacement.slice(i + 1, i + 3)) && two >= 1 && two <= groupCount) [ref, width] = [{ group: two }, 2];
      else if (one >= 1 && one <= groupCount) ref = { group: one };
    } else if (next === '<' && hasNames) {
      const close = replacement.indexOf('>', i + 2);
      if (close > 0) [ref, width] = [{ name: replacement.slice(i + 2, close) }, close - i];
    }
    if (ref === undefined) {
      literal += ch;
      continue;
    }
    if (typeof ref === 'string') literal += ref;
    else {
      if (literal) parts.push(literal);
      literal = '';
      parts.push(ref);
    }
    i += width;
  }
  if (literal) parts.push(literal);
  return parts;
}

function expand(parts: Part[], match: RegExpMatchArray): string {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'string') out += part;
    else if ('group' in part) out += match[part.group] ?? '';
    else out += match.groups?.[part.name] ?? '';
  }
  return out;
}

const Flags = z.object({ flags: RegexFlagsSchema });

export const stringReplace = defineOp({
  name: 'string.replace',
  title: 'Replace',
  category: 'string',
  description:
    'Replaces what a regular expression matches, every match or the first. Patterns use [RE2 syntax](https://github.com/google/re2/wiki/Syntax), which runs in time linear in the text: no lookahead, lookbehind or backreferences (a pattern that uses them is refused when the workflow is saved). The replacement may use `$1`…`$99`, `$<name>` for `(?<name>…)` groups, `$&` for the whole match and `$$` for a dollar sign. The text may be at most 1 Mi UTF-16 units and the result 16 Mi (`too_large` otherwise). To replace plain text, escape it or use `string.split` and `string.join`.',
  keywords: ['regex', 'regexp', 'substitute', 'sed', 'pattern', 'replaceAll'],
  config: Flags.extend({ all: z.boolean().default(true).describe('Replace every match; off replaces only the first.') }),
  inputs: {
    text: { schema: z.string(), description: 'The text to change.' },
    pattern: { schema: PatternSchema, description: 'The regular expression (RE2 syntax, no slashes).' },
    replacement: { schema: z.string().default(''), description: 'What each match becomes (nothing when not given).' },
  },
  outputs: {
    text: { schema: z.string(), description: 'The text with the matches replaced.' },
    count: { schema: z.number().int(), description: 'How many matches were replaced.' },
  },
  examples: [
    {
      title: 'Reorder a date',
      inputs: { text: 'Due 2026-03-14', pattern: '(\\d{4})-(\\d{2})-(\\d{2})', replacement: '$3/$2/$1' },
      outputs: { text: 'Due 14/03/2026', count: 1 },
    },
    {
      title: 'Collapse white space',
      inputs: { text: 'too   many \t spaces', pattern: '\\s+', replacement: ' ' },
      outputs: { text: 'too many spaces', count: 2 },
    },
    {
      title: 'First match only, ignoring case',
      config: { all: false, flags: 'i' },
      inputs: { text: 'Cat, cat, CAT', pattern: 'cat', replacement: 'dog' },
      outputs: { text: 'dog, cat, CAT', count: 1 },
    },
  ],
  prepare: (config) => prepareRegex(config),
  run: (inputs, ctx) => {
    assertRegexText(inputs.text);
    const regex = ((ctx.prepared as PreparedRegex | undefined) ?? prepareRegex(ctx.config)).get(inputs.pattern);
    const parts = parseReplacement(inputs.replacement, regex.groupCount(), Object.keys(regex.namedGroups()).length > 0);
    const chunks: string[] = [];
    let length = 0;
    let last = 0;
    let count = 0;
    for (const match of regex.matchAll(inputs.text)) {
      const index = match.index ?? 0;
      const piece = expand(parts, match);
      length += index - last + piece.length;
      if (length > MAX_TEXT_LENGTH) throw tooLarge('replacement', `The result would be longer than ${MAX_TEXT_LENGTH} UTF-16 units`);
      chunks.push(inputs.text.slice(last, index), piece);
      last = index + match[0].length;
      count++;
      if (!ctx.config.all) break;
    }
    chunks.push(inputs.text.slice(last));
    return { text: chunks.join(''), count };
  },
});

const Captures = z.array(z.string().nullable());
const Groups = z.record(z.string(), z.string().nullable());
const MatchSchema = z.object({
  match: z.string(),
  index: z.number().int(),
  groups: Groups,
  captures: Captures,
});

interface Found {
  match: string;
  index: number;
  groups: Record<string, string | null>;
  captures: Array<string | null>;
}

function found(match: RegExpMatchArray, index: number, names: string[]): Found {
  const groups: Record<string, string | null> = {};
  for (const name of names) defineOwn(groups, name, match.groups?.[name] ?? null);
  return { match: match[0], index, groups, captures: match.slice(1).map((c) => c ?? null) };
}

function* matchesOf(regex: RE2JS, text: string, max: number): Generator<Found> {
  const names = Object.keys(regex.namedGroups());
  let unit = 0;
  let point = 0;
  let n = 0;
  for (const match of regex.matchAll(text)) {
    if (n++ >= max) return;
    const at = match.index ?? 0;
    point += codePointsBetween(text, unit, at);
    unit = at;
    yield found(match, point, names);
  }
}

export const stringMatch = defineOp({
  name: 'string.match',
  title: 'Match',
  category: 'string',
  description:
    'Finds what a regular expression matches in the text ([RE2 syntax](https://github.com/google/re2/wiki/Syntax): linear time, no lookahead, lookbehind or backreferences). The first match comes out as `match`, `index` (in code points, as `string.slice` counts), `groups` (named `(?<name>…)` groups) and `captures` (numbered groups; `null` for a group that took no part); when nothing matches, only `matched` (false) and `all` (empty) are emitted. `all` lists up to `max` matches. The text may be at most 1 Mi UTF-16 units (`too_large` otherwise).',
  keywords: ['regex', 'regexp', 'find', 'search', 'extract', 'capture', 'test', 'pattern'],
  config: Flags.extend({ max: z.number().int().min(1).max(10_000).default(100).describe('The most matches `all` lists.') }),
  inputs: {
    text: { schema: z.string(), description: 'The text to search.' },
    pattern: { schema: PatternSchema, description: 'The regular expression (RE2 syntax, no slashes).' },
  },
  outputs: {
    matched: { schema: z.boolean(), description: 'Whether the pattern matched anywhere.' },
    match: { schema: z.string(), description: 'The text of the first match.' },
    index: { schema: z.number().int(), description: 'Where the first match starts, in code points.' },
    groups: { schema: Groups, description: 'The named groups of the first match.' },
    captures: { schema: Captures, description: 'The numbered groups of the first match, from group 1.' },
    all: { schema: z.array(MatchSchema), description: 'Every match (up to `max`), each with `match`, `index`, `groups` and `captures`.' },
  },
  examples: [
    {
      title: 'Named groups',
      inputs: { text: 'Order #1234 from ada@example.com', pattern: '#(?<order>\\d+) from (?<email>\\S+)' },
      outputs: {
        matched: true,
        match: '#1234 from ada@example.com',
        index: 6,
        groups: { order: '1234', email: 'ada@example.com' },
        captures: ['1234', 'ada@example.com'],
        all: [{ match: '#1234 from ada@example.com', index: 6 }],
      },
    },
    {
      title: 'Every number',
      inputs: { text: 'a1 b22 c333', pattern: '\\d+' },
      outputs: {
        matched: true,
        match: '1',
        index: 1,
        groups: {},
        captures: [],
        all: [
          { match: '1', index: 1 },
          { match: '22', index: 4 },
          { match: '333', index: 8 },
        ],
      },
    },
    { title: 'No match', inputs: { text: 'no digits here', pattern: '\\d' }, outputs: { matched: false, all: [] } },
  ],
  prepare: (config) => prepareRegex(config),
  run: (inputs, ctx) => {
    assertRegexText(inputs.text);
    const regex = ((ctx.prepared as PreparedRegex | undefined) ?? prepareRegex(ctx.config)).get(inputs.pattern);
    const all = [...matchesOf(regex, inputs.text, ctx.config.max)];
    const first = all[0];
    if (!first) return { matched: false, all };
    return { matched: true, match: first.match, index: first.index, groups: first.groups, captures: first.captures, all };
  },
});
