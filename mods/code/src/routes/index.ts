import { answers, parseInput, parseJsonText } from '@pattern/core';
import { Hono } from 'hono';
import { z } from 'zod';
import type { CodeService } from '../service.ts';

const CheckBodySchema = z.strictObject({ source: z.string() });

/** The answer of `POST /api/code/check`. */
const CheckAnswerSchema = z
  .union([
    z.object({ ok: z.literal(true) }),
    z.object({ ok: z.literal(false), code: z.literal('code_syntax'), message: z.string(), line: z.number().int(), column: z.number().int() }),
    z.object({ ok: z.literal(false), code: z.literal('unavailable'), message: z.string() }),
  ])
  .describe('Whether the source compiles; where it does not, the line and column of the first error.');

/**
 * `POST /api/code/check` with `{ source }`: whether a code.js source compiles, and where it does
 * not (`{ ok: false, code: "code_syntax", message, line, column }`), without saving a workflow.
 * A body that is not JSON, or not `{ source }`, is a 4xx naming the field.
 */
export function codeRoutes(code: () => CodeService): Hono {
  const app = new Hono();
  app.post('/api/code/check', answers(CheckAnswerSchema), async (c) => {
    const { source } = parseInput(CheckBodySchema, parseJsonText(await c.req.text(), 'body'), 'body', { whole: true });
    const checked = code().check(source);
    const answer: z.infer<typeof CheckAnswerSchema> = checked.ok ? { ok: true } : checked;
    return c.json(answer);
  });
  return app;
}
