import { coreMod } from '../base-ops/index.ts';
import { type ErrorBody, toErrorBody } from '../errors.ts';
import type { ValueLimits } from '../json/depth.ts';
import type { ModDefinition } from '../mods/define-mod.ts';
import type { OpDefinition } from '../ops/define-op.ts';
import { createEngine, type Engine } from '../run/engine.ts';
import type { RunRecord } from '../run/record.ts';
import type { Workflow } from '../workflow/schema.ts';
import { expectationMismatches } from './expectations.ts';
import { isolatedModOptions, isolatedMods } from './isolation.ts';
import type { Mismatch } from './match.ts';
import { mockOp, seededUlidOp } from './mock-op.ts';
import type { TestCase } from './test-case-schema.ts';

export const DEFAULT_TEST_CLOCK = '2030-01-01T00:00:00Z';
const TEST_MOD = 'pattern-test';

/** A case never reads the host's secrets: every name exists, and its value is a stand-in that names it. */
const STAND_IN_SECRETS = { has: () => true, reveal: async (name: string) => `[secret ${name}]` };

export interface TestCaseEnvironment {
  mods: readonly ModDefinition[];
  modOptions?: Record<string, Record<string, unknown>>;
  /** Saved workflows the tested one may call (`workflow.call`, `flow.map`, …), loaded into each case's engine. */
  workflows?: readonly Workflow[];
  limits?: Partial<ValueLimits>;
}

export interface TestCaseResult {
  name: string;
  ok: boolean;
  durationMs: number;
  mismatches: Mismatch[];
  /** The case's run, as history would keep it; absent when the case could not start one. */
  run?: RunRecord;
}

/** Runs one case in an engine of its own (in-memory stores, fixed clock, mocks in place), then stops it. */
export async function runTestCase(workflow: Workflow, testCase: TestCase, env: TestCaseEnvironment): Promise<TestCaseResult> {
  const started = performance.now();
  const done = (mismatches: Mismatch[], run?: RunRecord): TestCaseResult => ({
    name: testCase.name,
    ok: mismatches.length === 0,
    durationMs: Math.round((performance.now() - started) * 1000) / 1000,
    mismatches,
    ...(run ? { run } : {}),
  });
  const clock = Date.parse(testCase.clock ?? DEFAULT_TEST_CLOCK);
  const unknownMocks = Object.keys(testCase.mocks ?? {}).filter((id) => !workflow.nodes.some((node) => node.id === id));
  if (unknownMocks.length > 0) {
    return done(
      unknownMocks.map((id) => ({
        path: `mocks.${id}`,
        expected: 'a node of the workflow',
        actual: id,
        message: `there is no node "${id}" to mock`,
      })),
    );
  }
  const mods = isolatedMods(env.mods);
  const known = new Map([coreMod, ...mods].flatMap((mod) => (mod.ops ?? []).map((op) => [op.name, op] as const)));
  const { document, ops } = substitute(workflow, testCase, (name) => known.get(name));
  const engine = createEngine({
    mods: [...mods, { name: TEST_MOD, version: '1.0.0', ops }],
    modOptions: isolatedModOptions(env.modOptions),
    limits: env.limits,
    clock: () => clock,
    secrets: STAND_IN_SECRETS,
  });
  try {
    await engine.start();
    const seeding = await seed(engine, testCase);
    if (seeding.length > 0) return done(seeding);
    for (const other of env.workflows ?? []) {
      if (other.id !== undefined && other.id !== workflow.id) await engine.workflows.save(other.id, other).catch(() => undefined);
    }
    const run = await engine.run({
      workflow: document,
      workflowId: workflow.id,
      input: testCase.input ?? null,
      trigger: { kind: 'test', detail: testCase.name },
    });
    return done(expectationMismatches(testCase.expect, run), run);
  } catch (error) {
    return done([failure('run', error)]);
  } finally {
    await engine.stop();
  }
}

/**
 * The document a case runs: a mocked node's op becomes a mock with the same ports, and `id.ulid`
 * a seeded one. The saved document is never touched; this is a copy.
 */
function substitute(workflow: Workflow, testCase: TestCase, lookup: (name: string) => OpDefinition | undefined) {
  const ops: OpDefinition[] = [];
  const nodes = workflow.nodes.map((node, i) => {
    const original = lookup(node.op);
    const mock = testCase.mocks?.[node.id];
    if (!original) return node;
    if (mock) {
      const name = `patternTest.mock${i}`;
      ops.push(mockOp(name, original, mock));
      return { ...node, op: name };
    }
    if (node.op === 'id.ulid') {
      const name = `patternTest.ulid${i}`;
      ops.push(seededUlidOp(name, original, `${workflow.id ?? ''}/${testCase.name}/${node.id}`));
      return { ...node, op: name };
    }
    return node;
  });
  const { tests: _tests, ...rest } = workflow;
  return { document: { ...rest, nodes }, ops };
}

async function seed(engine: Engine, testCase: TestCase): Promise<Mismatch[]> {
  const problems: Mismatch[] = [];
  const attempt = async (path: string, op: string, inputs: Record<string, unknown>) => {
    try {
      const run = await engine.invoke(op, inputs).done;
      if (run.status !== 'ok') problems.push(failure(path, run.error));
    } catch (error) {
      problems.push(failure(path, error));
    }
  };
  for (const [collection, docs] of Object.entries(testCase.fixtures?.store ?? {})) {
    for (const [i, doc] of docs.entries()) await attempt(`fixtures.store.${collection}[${i}]`, 'store.put', { collection, ...doc });
  }
  for (const [i, event] of (testCase.fixtures?.events ?? []).entries()) {
    const { aggregateType, aggregateId, ...rest } = event;
    await attempt(`fixtures.events[${i}]`, 'events.append', { aggregateType, aggregateId, events: [rest] });
  }
  return problems;
}

function failure(path: string, error: unknown): Mismatch {
  const body: ErrorBody = error && typeof error === 'object' && 'code' in error && 'message' in error ? (error as ErrorBody) : toErrorBody(error);
  // "The workflow has 1 problem" alone leaves the reader to run `pattern validate`: say which, where.
  const located = problemsOf(body.details).map((problem) => `${problem.path}: ${problem.message}`);
  const which = located.length > 0 ? ` (${located.join('; ')})` : '';
  return { path, expected: 'to succeed', actual: { code: body.code, message: body.message }, message: `${body.code}: ${body.message}${which}` };
}

function problemsOf(details: unknown): Array<{ path: string; message: string }> {
  const problems = details && typeof details === 'object' && 'problems' in details ? details.problems : undefined;
  if (!Array.isArray(problems)) return [];
  return problems.filter((p): p is { path: string; message: string } => typeof p?.path === 'string' && typeof p?.message === 'string');
}
