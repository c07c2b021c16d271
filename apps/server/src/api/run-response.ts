import type { RunRecord } from '@pattern/core';
import type { Context } from 'hono';

/** A run that failed is still a successful request: 200 with `status: "error"` in the body. */
export function runResponse<S extends 200 | 202 = 200>(c: Context, record: RunRecord, status: S = 200 as S) {
  return c.json(record, status);
}
