import { zValidator } from '@hono/zod-validator';
import { assertJsonDepth, firstIssue, PatternError } from '@pattern/core';
import type { Context, Env, MiddlewareHandler, ValidationTargets } from 'hono';
import type { z } from 'zod';
import { describes } from '../openapi/route-schemas.ts';
import { readBodyText } from './body-limit.ts';

type Where = 'body' | 'query' | 'path';
type Issues = { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> };

const WHERE: Partial<Record<keyof ValidationTargets, Where>> = { json: 'body', query: 'query', param: 'path' };

/** The one refusal of input that fails its schema: `bad_request`, every problem named by its field. */
function invalidInput(error: Issues, where: Where): PatternError {
  const problems = error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || where, message: issue.message }));
  return new PatternError('bad_request', `Invalid ${where}: ${firstIssue(error)}`, { problems });
}

/** The validators' hook: a failure leaves through the server's error handler, in the common error shape. */
function refuseInvalid(result: { success: boolean; error?: Issues; target: keyof ValidationTargets }): void {
  if (!result.success && result.error) throw invalidInput(result.error, WHERE[result.target] ?? 'body');
}

/** A query string checked against a schema; use `z.coerce` for numbers, since every query value is text. */
export const queryOf = <S extends z.ZodType>(schema: S) => describes(zValidator('query', schema, refuseInvalid), 'query', schema);

/** Path parameters checked against a schema. */
export const paramsOf = <S extends z.ZodType>(schema: S) => describes(zValidator('param', schema, refuseInvalid), 'path', schema);

/**
 * A JSON body checked against a schema, typed like `zValidator('json', ...)`. The body is read
 * whatever its Content-Type says (a plain `fetch` with a string body sends text/plain), an empty
 * body counts as `{}`, and nesting is checked before parsing, so no depth of input reaches the parser.
 */
export function jsonBody<S extends z.ZodType>(schema: S): MiddlewareHandler<Env, string, { in: { json: z.input<S> }; out: { json: z.output<S> } }> {
  const check: MiddlewareHandler<Env, string, { in: { json: z.input<S> }; out: { json: z.output<S> } }> = async (c, next) => {
    const parsed = schema.safeParse(await readJsonText(c));
    if (!parsed.success) throw invalidInput(parsed.error, 'body');
    c.req.addValidatedData('json', parsed.data as object);
    await next();
  };
  return describes(check, 'body', schema);
}

async function readJsonText(c: Context): Promise<unknown> {
  const text = await readBodyText(c);
  if (text.trim() === '') return {};
  assertJsonDepth(text, 'body');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new PatternError('invalid_json', `The request body is not valid JSON: ${(error as Error).message}`);
  }
}
