import { z } from 'zod';
import { createEngine, defineMod, defineOp, type EngineOptions, type RunRecord } from '../src/index.ts';

/** A mod with ops that make scheduling observable: a controllable wait, and a hook counter. */
export function testMod(settled: RunRecord[] = []) {
  const wait = defineOp({
    name: 'test.wait',
    description: 'Waits until its run is aborted or `ms` pass.',
    inputs: { ms: { schema: z.number(), description: 'How long.' }, value: { description: 'Passed on.' } },
    outputs: { value: { description: 'The value.' } },
    run: (inputs, ctx) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => resolve({ value: inputs.value ?? null }), inputs.ms);
        ctx.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(ctx.signal.reason);
        });
      }),
  });
  const callAdd = defineOp({
    name: 'test.callAdd',
    description: 'Adds through ctx.call.',
    inputs: { a: { schema: z.number(), description: 'a' }, b: { schema: z.number(), description: 'b' } },
    outputs: { sum: { schema: z.number(), description: 'a + b' } },
    run: async (inputs, ctx) => {
      const { result } = await ctx.call('math.add', { a: inputs.a, b: inputs.b });
      return { sum: result as number };
    },
  });
  return defineMod({
    name: 'test',
    version: '1.0.0',
    ops: [wait, callAdd],
    hooks: {
      onRunSettle: (run) => {
        settled.push(run);
      },
    },
  });
}

export async function startedEngine(options: EngineOptions = {}, settled: RunRecord[] = []) {
  const engine = createEngine({ mods: [testMod(settled)], ...options });
  await engine.start();
  return engine;
}

export const edge = (from: string, fromPort: string, to: string, toPort: string) => ({
  from: { node: from, port: fromPort },
  to: { node: to, port: toPort },
});
