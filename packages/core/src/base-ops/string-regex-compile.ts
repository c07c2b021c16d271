import { RE2JS, RE2JSException } from 're2js';
import { z } from 'zod';
import { ConfigProblem } from '../ops/config-problem.ts';
import { invalidInput, tooLarge } from './value-limits.ts';

/**
 * The longest text a regular expression runs over. RE2 takes time linear in the text, never
 * exponential, but tracking groups over megabytes still holds the event loop for seconds; this
 * is what the API's default request body (1 MiB) carries.
 */
export const MAX_REGEX_TEXT = 1024 * 1024;

/** How many wired patterns one node keeps compiled. */
const CACHED_PATTERNS = 32;

export const RegexFlagsSchema = z
  .string()
  .refine((flags) => /^[ims]*$/.test(flags) && new Set(flags).size === flags.length, 'flags are i, m and s, each at most once')
  .default('')
  .describe('`i` ignores case, `m` makes `^` and `$` match at line breaks, `s` lets `.` match line breaks.');

export const PatternSchema = z.string().min(1).max(10_000);

function flagBits(flags: string): number {
  let bits = 0;
  if (flags.includes('i')) bits |= RE2JS.CASE_INSENSITIVE;
  if (flags.includes('m')) bits |= RE2JS.MULTILINE;
  if (flags.includes('s')) bits |= RE2JS.DOTALL;
  return bits;
}

/** Why RE2 refused a pattern, with what to do about the features people reach for most. */
function refusal(pattern: string, error: unknown): string {
  const reason = error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : String(error);
  const hint = /\(\?[=!<]|\\[1-9]/.test(pattern) ? ' (RE2 runs in linear time, so it has no lookahead, lookbehind or backreferences)' : '';
  return `Not a pattern RE2 supports: ${reason}${hint}`;
}

export function compileRegex(pattern: string, flags: string): RE2JS {
  return RE2JS.compile(pattern, flagBits(flags));
}

/** A node's patterns: the constant one compiled when the workflow was, wired ones compiled on first use and kept. */
export class PreparedRegex {
  private readonly cache = new Map<string, RE2JS>();

  constructor(
    readonly flags: string,
    private readonly constant: { pattern: string; regex: RE2JS } | undefined,
  ) {}

  get(pattern: string): RE2JS {
    if (this.constant?.pattern === pattern) return this.constant.regex;
    const hit = this.cache.get(pattern);
    if (hit) {
      this.cache.delete(pattern);
      this.cache.set(pattern, hit);
      return hit;
    }
    let regex: RE2JS;
    try {
      regex = compileRegex(pattern, this.flags);
    } catch (error) {
      if (!(error instanceof RE2JSException)) throw error;
      throw invalidInput('pattern', refusal(pattern, error));
    }
    if (this.cache.size >= CACHED_PATTERNS) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(pattern, regex);
    return regex;
  }
}

/** The `prepare` of the regex ops: a constant pattern RE2 refuses is a problem located at `pattern` when the workflow is saved. */
export function prepareRegex(config: { flags: string; pattern?: string }): PreparedRegex {
  if (config.pattern === undefined) return new PreparedRegex(config.flags, undefined);
  try {
    return new PreparedRegex(config.flags, { pattern: config.pattern, regex: compileRegex(config.pattern, config.flags) });
  } catch (error) {
    throw new ConfigProblem(['pattern'], refusal(config.pattern, error));
  }
}

export function assertRegexText(text: string): void {
  if (text.length > MAX_REGEX_TEXT) {
    throw tooLarge('text', `Regular expressions run over at most ${MAX_REGEX_TEXT} UTF-16 units of text; this text has ${text.length}`);
  }
}
