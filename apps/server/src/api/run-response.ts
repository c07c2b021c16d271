import type { RunRecord } from '@pattern/core';
import type { Context } from 'hono';

/** A run that failed is still a successful request: 200 with `status: "error"` in the body. */
export function runResponse(c: Context, record: RunRecord, status: 200 | 202 = 200): Response {
  return c.json(record, status);
}
