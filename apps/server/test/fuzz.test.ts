import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compileWorkflow, ProblemSchema } from '@pattern/core';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchProperty, checkResponse, fuzzed, seen, send, useFuzzServer } from './fuzz/fuzz-server.ts';
import { HUGE } from './fuzz/request-parts.ts';
import { groups } from './fuzz/route-templates.ts';
import { deepArray, deepValue, jsonish, nastyString, runs, TOKEN } from './fuzz/values.ts';
import { nearValidWorkflow } from './fuzz/workflows.ts';
import { edge } from './helpers.ts';

/**
 * Hostile input against the validator and against every route of a real server on a real port,
 * with SQLite underneath. Whatever comes in, the answer is a 2xx-4xx with the error shape, the
 * server keeps answering, and every database file stays intact. Both are in this one file
 * because the last case counts what all of them checked.
 */

useFuzzServer();

function expectProblems(problems: unknown): void {
  expect(Array.isArray(problems)).toBe(true);
  for (const problem of problems as unknown[]) {
    expect(ProblemSchema.safeParse(problem).success, JSON.stringify(problem)).toBe(true);
  }
  seen.validations++;
}

describe('the workflow validator under hostile documents', () => {
  it('never throws on arbitrary values, and returns only located problems', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), jsonish), (document) => {
        expectProblems(fuzzed.engine.validate(document));
      }),
      runs(1500),
    );
  });

  it('never throws on near-valid workflows with mutations (engine.validate and compileWorkflow)', () => {
    fc.assert(
      fc.property(nearValidWorkflow, (document) => {
        expectProblems(fuzzed.engine.validate(document));
        const result = compileWorkflow(structuredClone(document), (name) => fuzzed.engine.op(name), {
          suggest: (name) => fuzzed.engine.registry.suggest(name),
        });
        expectProblems(result.problems);
        expect(result.ok).toBe(result.problems.length === 0);
      }),
      runs(1500),
    );
  }, 60_000);

  it('handles deep and huge values, and unicode edge cases in every field', () => {
    fc.assert(
      fc.property(
        fc.record({ id: nastyString, op: nastyString, port: nastyString, name: nastyString, depth: fc.integer({ min: 1, max: 20_000 }) }),
        ({ id, op, port, name, depth }) => {
          const document = {
            id: name,
            name,
            nodes: [
              { id, op: 'flow.input', config: { deep: deepValue(depth) } },
              { id: `${id}2`, op, config: { [name]: name } },
              { id: 'out', op: 'flow.output', config: { value: deepValue(depth) } },
            ],
            edges: [edge(id, port, 'out', 'value'), edge(id, 'value', `${id}2`, port)],
          };
          expectProblems(fuzzed.engine.validate(document));
        },
      ),
      runs(300),
    );
    expectProblems(fuzzed.engine.validate(JSON.parse(deepArray(100_000))));
    expectProblems(fuzzed.engine.validate({ nodes: JSON.parse(deepArray(100_000)), edges: [] }));
    expectProblems(fuzzed.engine.validate({ nodes: Array.from({ length: 20_000 }, (_, i) => ({ id: `n${i}`, op: 'object.get' })), edges: [] }));
  });
});

describe('every route of a real server under hostile requests', () => {
  for (const [name, templates] of Object.entries(groups)) {
    it(`${name}: never a 5xx, always the error shape`, async () => {
      await fc.assert(batchProperty(templates), runs(name === 'docs, login, workflow routes and unknown paths' ? 120 : 180));
    }, 120_000);
  }

  it('a body over the limit is refused with 413 on every route that takes one', async () => {
    for (const [method, path] of [
      ['POST', '/api/runs'],
      ['PUT', '/api/workflows/big'],
      ['POST', '/api/packages'],
      ['POST', '/api/ops/object.get/invoke'],
      ['PUT', '/api/store/collections/fuzz/docs/big'],
      ['POST', '/api/aggregates/Order/o-1/commands/Place'],
    ] as const) {
      const res = await send({ method, path, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: HUGE });
      checkResponse({ method, path, headers: {} }, res);
      expect(res.status, `${method} ${path}`).toBe(413);
    }
  });

  it('afterwards the server still answers and every database file is intact', async () => {
    const health = await send({ method: 'GET', path: '/api/health', headers: {} });
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body.toString())).toMatchObject({ ok: true });
    const upload = await send({
      method: 'POST',
      path: '/api/store/blobs',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/html' },
      body: '<script>alert(1)</script>',
    });
    expect(upload.status).toBe(201);
    const uploaded = JSON.parse(upload.body.toString()) as { id: string };
    const blob = await send({ method: 'GET', path: `/store/blobs/${uploaded.id}`, headers: {} });
    expect(blob.body.toString()).toBe('<script>alert(1)</script>');
    expect(blob.headers['content-disposition']).toMatch(/^attachment/);
    expect(blob.headers['x-content-type-options']).toBe('nosniff');

    await fuzzed.server.engine.runs.flush();
    const files = readdirSync(fuzzed.dataDir).filter((f) => f.endsWith('.db'));
    expect(files).toEqual(expect.arrayContaining(['pattern.db', 'store.db', 'events.db']));
    for (const file of files) {
      const db = new Database(join(fuzzed.dataDir, file), { readonly: true });
      try {
        expect(db.pragma('integrity_check', { simple: true }), file).toBe('ok');
      } finally {
        db.close();
      }
    }
    expect(seen.requests + seen.validations).toBeGreaterThanOrEqual(10_000);
    // The fuzzer reaches the handlers, not only the guards: a fair share of answers are successes.
    const ok = [...seen.statuses].filter(([status]) => status >= 200 && status < 300).reduce((sum, [, n]) => sum + n, 0);
    expect(ok / seen.requests, JSON.stringify([...seen.statuses])).toBeGreaterThan(0.1);
  });
});
