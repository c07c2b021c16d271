import { afterAll, beforeAll } from 'vitest';
import { createEngine, type Engine, type RunRecord } from '../src/index.ts';

/** One engine with core's ops for a test file, started before its tests and stopped after. */
export function useEngine(): () => Engine {
  const engine = createEngine({});
  beforeAll(() => engine.start());
  afterAll(() => engine.stop());
  return () => engine;
}

export interface OpResult {
  status: RunRecord['status'];
  output: Record<string, unknown>;
  error: { code: string; message: string; details?: unknown } | undefined;
}

function result(run: RunRecord): OpResult {
  return { status: run.status, output: (run.output ?? {}) as Record<string, unknown>, error: run.error ?? undefined };
}

/** Runs an op with its inputs given as constants, as the editor's "run this node" does. */
export async function invoke(engine: Engine, op: string, inputs: Record<string, unknown>, config: Record<string, unknown> = {}): Promise<OpResult> {
  return result(await engine.invoke(op, inputs, config).done);
}

/**
 * Runs an op with its inputs arriving over edges from the run input, as values from other
 * nodes do: not known when the workflow is compiled, so the op sees them only at run time.
 */
export async function runWired(engine: Engine, op: string, inputs: Record<string, unknown>, config: Record<string, unknown> = {}): Promise<OpResult> {
  const ports = Object.keys(inputs);
  const definition = engine.op(op);
  if (!definition) throw new Error(`no op ${op}`);
  const outputs = definition.outputs.filter((p) => p.kind === 'value' && p.name !== 'error').map((p) => p.name);
  const workflow = {
    name: `wired ${op}`,
    nodes: [
      { id: 'in', op: 'flow.input' },
      ...ports.map((port) => ({ id: `get_${port}`, op: 'object.get', config: { path: port } })),
      { id: 'op', op, config },
      ...outputs.map((port) => ({ id: `out_${port}`, op: 'flow.output', config: { key: port } })),
    ],
    edges: [
      ...ports.flatMap((port) => [
        { from: { node: 'in', port: 'value' }, to: { node: `get_${port}`, port: 'object' } },
        { from: { node: `get_${port}`, port: 'value' }, to: { node: 'op', port } },
      ]),
      ...outputs.map((port) => ({ from: { node: 'op', port }, to: { node: `out_${port}`, port: 'value' } })),
    ],
  };
  return result(await engine.run({ workflow, input: inputs }));
}

/** The output of a run that must succeed. */
export async function outputOf(engine: Engine, op: string, inputs: Record<string, unknown>, config: Record<string, unknown> = {}) {
  const run = await runWired(engine, op, inputs, config);
  if (run.status !== 'ok') throw new Error(`${op} failed: ${run.error?.code} ${run.error?.message}`);
  return run.output;
}

/** Values that have broken naive code before: NUL, lone surrogates, astral characters, huge text, prototype keys. */
export const HOSTILE_TEXT = [
  '',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFF',
  'x\uDC00\uD800y',
  '😀',
  '👩‍👩‍👧',
  'İı',
  'ß',
  '\u0301e',
  ' \t\n\u00a0\ufeff',
];

export const protoObject = () => JSON.parse('{"__proto__":{"polluted":1},"a":1}') as Record<string, unknown>;

export function expectUnpolluted(): void {
  if (({} as Record<string, unknown>).polluted !== undefined) throw new Error('Object.prototype was polluted');
  if (Object.getPrototypeOf({}) !== Object.prototype) throw new Error('the prototype of {} changed');
}
