import { parseInput, parseJsonText } from '@pattern/core';
import { Hono } from 'hono';
import { z } from 'zod';
import type { CodeService } from '../service.ts';

const CheckBodySchema = z.strictObject({ source: z.string() });

/**
 * `POST /api/code/check` with `{ source }`: whether a code.js source compiles, and where it does
 * not (`{ ok: false, code: "code_syntax", message, line, column }`), without saving a workflow.
 * A body that is not JSON, or not `{ source }`, is a 4xx naming the field.
 */
export function codeRoutes(code: () => CodeService): Hono {
  const app = new Hono();
  app.post('/api/code/check', async (c) => {
    const { source } = parseInput(CheckBodySchema, parseJsonText(await c.req.text(), 'body'), 'body', { whole: true });
    const checked = code().check(source);
    return c.json(checked.ok ? { ok: true } : checked);
  });
  return app;
}
