import { createEngine, type Engine, type Plan } from '@pattern/core';
import { codeMod } from '../mods/code/src/index.ts';
import type { BenchRow, BenchSuite } from './harness.ts';
import { opsPerSecond, windowMs } from './harness.ts';

const edge = (from: string, fromPort: string, to: string, toPort: string) => ({
  from: { node: from, port: fromPort },
  to: { node: to, port: toPort },
});

/** `in → <op> → out`, the op fed the run's input on `port`. */
function around(op: string, config: Record<string, unknown>, port: string, out: string) {
  return {
    nodes: [
      { id: 'in', op: 'flow.input' },
      { id: 'step', op, config },
      { id: 'out', op: 'flow.output' },
    ],
    edges: [edge('in', 'value', 'step', port), edge('step', out, 'out', 'value')],
  };
}

/** The function `math.add` computes, written for a code.js node. */
const ADD = {
  source: 'return { result: inputs.a + inputs.b };',
  inputs: [
    { name: 'a', schema: { type: 'number' } },
    { name: 'b', schema: { type: 'number' } },
  ],
  outputs: [{ name: 'result', schema: { type: 'number' } }],
  b: 1,
};

async function microsPerRun(engine: Engine, plan: Plan, ms: number): Promise<number> {
  return 1e6 / (await opsPerSecond(() => engine.run({ plan, input: 41 }), ms, 300));
}

/** A warm code.js call (compiled, pooled sandbox) on its own, and a run through it against the same run through the native `math.add`. */
export const codeBench: BenchSuite = async () => {
  const engine = createEngine({ mods: [codeMod] });
  await engine.start();
  const service = engine.services.get('code');
  const compiled = service.compile(ADD.source);
  const call = 1e6 / (await opsPerSecond(() => service.call(compiled, { a: 41, b: 1 }, { maxValueDepth: 256 }), windowMs(2000), 300));
  const native = await microsPerRun(engine, engine.compile(around('math.add', { b: 1 }, 'a', 'result')), windowMs(2000));
  const code = await microsPerRun(engine, engine.compile(around('code.js', ADD, 'a', 'result')), windowMs(2000));
  await engine.stop();
  const rows: BenchRow[] = [
    { group: 'code', name: 'code.js warm call (a + b, JSON in and out)', value: call, unit: 'µs', target: '< 50 µs', met: call < 50 },
    {
      group: 'code',
      name: 'run in → code.js (a + b) → out, against the same run with math.add',
      value: code,
      unit: 'µs/run',
      baseline: native,
      baselineName: 'math.add',
      ratio: code / native,
    },
  ];
  return rows;
};
