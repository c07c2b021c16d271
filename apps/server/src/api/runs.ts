import { answers, type Engine, PatternError, type RunEvent, RunStatusSchema, resumeRun } from '@pattern/core';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { notFound } from '../http/errors.ts';
import { jsonBody, queryOf } from '../http/json-body.ts';
import { streams } from '../openapi/event-stream.ts';
import { RunEventSchemas, type RunNodeEvent, RunPageSchema, RunSchema, type RunSettledEvent, refuses } from './answers.ts';
import { runResponse } from './run-response.ts';

const NO_RUN = 'There is no such run.';

const StartRunBodySchema = z
  .strictObject({
    workflow: z.unknown().optional(),
    workflowId: z.string().min(1).optional(),
    input: z.unknown().optional(),
    wait: z.boolean().default(true),
  })
  .refine((b) => (b.workflow === undefined) !== (b.workflowId === undefined), {
    message: 'give exactly one of "workflow" (a document) or "workflowId"',
    path: ['workflow'],
  });

const ResumeBodySchema = z.strictObject({
  from: z.string().min(1).max(128).optional(),
  useLatest: z.boolean().optional(),
  wait: z.boolean().default(true),
});

const RunQuerySchema = z.strictObject({
  workflowId: z.string().min(1).optional(),
  status: RunStatusSchema.optional(),
  parentRunId: z.string().min(1).max(64).optional(),
  topLevel: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  cursor: z.string().min(1).max(64).optional(),
});

export function runRoutes(engine: Engine) {
  return new Hono()
    .post(
      '/api/runs',
      jsonBody(StartRunBodySchema),
      answers(RunSchema),
      answers(RunSchema, 202),
      refuses(404, 'There is no saved workflow of that `workflowId`.'),
      refuses(422, 'The workflow cannot run: the document given, or the saved draft, has problems (`validation_failed`).'),
      async (c) => {
        const body = c.req.valid('json');
        const trigger = { kind: c.req.header('x-pattern-trigger') === 'editor' ? 'editor' : 'api' };
        const run =
          body.workflow !== undefined
            ? engine.startRun({ workflow: body.workflow, input: body.input, trigger })
            : engine.startRun({ workflowId: body.workflowId, input: body.input, trigger });
        if (!body.wait) {
          // Acknowledged means recorded: a crash after the 202 still leaves the run to settle as interrupted.
          await engine.runs.flush();
          return runResponse(c, run.toRecord(), 202);
        }
        return runResponse(c, await run.done);
      },
    )
    .get('/api/runs', queryOf(RunQuerySchema), answers(RunPageSchema), async (c) => {
      return c.json(await engine.runs.list(c.req.valid('query')));
    })
    .get('/api/runs/:id', answers(RunSchema), refuses(404, NO_RUN), async (c) => {
      const id = c.req.param('id');
      const record = await engine.getRun(id);
      if (!record) throw notFound('run', id);
      return c.json(record);
    })
    .post('/api/runs/:id/cancel', answers(RunSchema), refuses(404, NO_RUN), refuses(409, 'The run has already settled (`conflict`).'), async (c) => {
      const id = c.req.param('id');
      const run = engine.activeRun(id);
      if (!run) {
        const record = await engine.runs.get(id);
        if (!record) throw notFound('run', id);
        throw new PatternError('conflict', `Run "${id}" has already settled (${record.status})`, { status: record.status });
      }
      run.cancel();
      return runResponse(c, await run.done);
    })
    .post(
      '/api/runs/:id/resume',
      jsonBody(ResumeBodySchema),
      answers(RunSchema),
      answers(RunSchema, 202),
      refuses(
        400,
        'The body breaks the route’s schema (`bad_request`), or there is no node to resume from, or `useLatest` was asked of an inline run (`invalid_input`).',
      ),
      refuses(404, NO_RUN),
      refuses(409, 'The run is still running (`conflict`), or cannot be resumed from there (`not_resumable`).'),
      async (c) => {
        const { wait, ...options } = c.req.valid('json');
        const run = await resumeRun(engine, c.req.param('id'), options);
        if (!wait) {
          await engine.runs.flush();
          return runResponse(c, run.toRecord(false), 202);
        }
        return runResponse(c, await run.done);
      },
    )
    .get(
      '/api/runs/:id/events',
      streams(
        RunEventSchemas,
        'Server-Sent Events: `node` for each status change of a node, then `settled` with the run; a settled run sends its nodes’ last states and `settled` at once.',
      ),
      refuses(404, NO_RUN),
      async (c) => {
        const id = c.req.param('id');
        const run = engine.activeRun(id);
        if (!run) {
          const record = await engine.runs.get(id);
          if (!record) throw notFound('run', id);
          return streamSSE(c, async (stream) => {
            for (const [nodeId, node] of Object.entries(record.nodes)) {
              await stream.writeSSE({
                event: 'node',
                data: JSON.stringify({ nodeId, status: node.status, durationMs: node.durationMs, error: node.error } satisfies RunNodeEvent),
              });
            }
            await stream.writeSSE({ event: 'settled', data: JSON.stringify({ run: record } satisfies RunSettledEvent) });
          });
        }
        return streamSSE(c, async (stream) => {
          const queue: RunEvent[] = [];
          let wake: (() => void) | undefined;
          const push = (event: RunEvent) => {
            queue.push(event);
            wake?.();
          };
          // Node events come from the run as they happen; `settled` comes from `done`, which
          // resolves after the settle hooks, so it is always the last event.
          const unsubscribe = run.subscribe((event) => {
            if (event.type === 'node') push(event);
          });
          stream.onAbort(() => {
            unsubscribe();
            wake?.();
          });
          const snapshot = run.toRecord();
          const sent = new Map<string, string>();
          for (const [nodeId, node] of Object.entries(snapshot.nodes)) {
            if (node.status === 'pending') continue;
            sent.set(nodeId, node.status);
            await stream.writeSSE({
              event: 'node',
              data: JSON.stringify({ nodeId, status: node.status, durationMs: node.durationMs, error: node.error } satisfies RunNodeEvent),
            });
          }
          void run.done.then((record) => push({ type: 'settled', runId: id, run: record }));
          while (!stream.aborted) {
            const event = queue.shift();
            if (!event) {
              await new Promise<void>((resolve) => {
                wake = resolve;
              });
              wake = undefined;
              continue;
            }
            if (event.type === 'settled') {
              await stream.writeSSE({ event: 'settled', data: JSON.stringify({ run: event.run } satisfies RunSettledEvent) });
              break;
            }
            if (sent.get(event.nodeId) === event.status) continue;
            sent.set(event.nodeId, event.status);
            const { type: _type, runId: _runId, ...data } = event;
            await stream.writeSSE({ event: 'node', data: JSON.stringify(data satisfies RunNodeEvent) });
          }
          unsubscribe();
        });
      },
    );
}
