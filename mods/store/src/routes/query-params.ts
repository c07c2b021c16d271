import { parseInput, parseJsonText } from '@pattern/core';
import type { Context } from 'hono';
import { z } from 'zod';
import { OrderSchema } from '../schemas.ts';

export const PageLimitParam = z.coerce.number().int('expected a whole number of at least 1').min(1, 'expected a whole number of at least 1');
export const OrderParam = z.enum(OrderSchema.options, 'expected "asc" or "desc"');

/** `?name=…` read by a schema: absent or empty is undefined, and what the schema refuses is a 400 naming the parameter. */
export function queryParam<S extends z.ZodType>(c: Context, name: string, schema: S): z.output<S> | undefined {
  const text = c.req.query(name);
  return text === undefined || text === '' ? undefined : parseInput(schema, text, name, { code: 'bad_request' });
}

/** `?name=<JSON>`, like `where`: absent or empty is undefined. */
export function jsonQueryParam(c: Context, name: string): unknown {
  const text = c.req.query(name);
  return text === undefined || text === '' ? undefined : parseJsonText(text, name);
}
