import { assertJsonDepth, PatternError } from '@pattern/core';
import type { Context } from 'hono';
import type { z } from 'zod';

/** Reads a JSON body and checks it against a schema; every problem names its field. */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const text = await c.req.text();
  let raw: unknown;
  if (text.trim() === '') raw = {};
  else {
    assertJsonDepth(text, 'body');
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new PatternError('invalid_json', `The request body is not valid JSON: ${(error as Error).message}`);
    }
  }
  return parseWith(schema, raw, 'body');
}

export function parseWith<S extends z.ZodType>(schema: S, raw: unknown, where: 'body' | 'query'): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => ({ path: issue.path.join('.') || where, message: issue.message }));
    const first = problems[0];
    throw new PatternError('bad_request', `Invalid ${where}: ${first?.path}: ${first?.message}`, { problems });
  }
  return parsed.data;
}
