import type { CatalogOp, RunRecord, TestCase } from '@pattern/core';

/** Ops whose answers depend on the world outside the run: a case replays what they answered. */
const OUTSIDE_CATEGORIES = new Set(['store', 'events', 'aggregate', 'http', 'code', 'workflow']);
const OUTSIDE_OPS = new Set(['http.fetch', 'time.now', 'random.int', 'random.uuid', 'id.ulid']);

function touchesOutside(op: CatalogOp | undefined, name: string): boolean {
  if (OUTSIDE_OPS.has(name)) return true;
  if (!op) return false;
  // The route's own request and response are the case's input and output, not the outside.
  if (name === 'http.request' || name === 'http.response') return false;
  return OUTSIDE_CATEGORIES.has(op.category);
}

function freshName(base: string, taken: readonly string[]): string {
  if (!taken.includes(base)) return base;
  for (let i = 2; ; i++) if (!taken.includes(`${base} ${i}`)) return `${base} ${i}`;
}

/**
 * A test case from a settled run, ready to edit: its input, a mock for every node that reached
 * the outside (the store, events, HTTP, …) answering what it answered then, and the run's status
 * and output as the expectation.
 */
export function testCaseFromRun(run: RunRecord, ops: ReadonlyMap<string, CatalogOp>, taken: readonly string[]): TestCase {
  const mocks: NonNullable<TestCase['mocks']> = {};
  for (const node of run.graph?.nodes ?? []) {
    const trace = run.nodes[node.id];
    if (!trace || !touchesOutside(ops.get(node.op), node.op)) continue;
    if (trace.status === 'ok') mocks[node.id] = { outputs: trace.outputs ?? {} };
    else if (trace.status === 'error' && trace.error) mocks[node.id] = { error: { code: trace.error.code, message: trace.error.message } };
  }
  const status = run.status === 'running' ? 'ok' : run.status;
  return {
    name: freshName(`run ${run.id.slice(-6).toLowerCase()}`, taken),
    input: run.input,
    ...(Object.keys(mocks).length > 0 ? { mocks } : {}),
    expect: {
      status,
      ...(run.output !== undefined ? { output: run.output } : {}),
      ...(run.error ? { error: { code: run.error.code } } : {}),
    },
  };
}
