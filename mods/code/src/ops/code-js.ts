import { ConfigProblem, defineOp, PatternError } from '@pattern/core';
import { CodeConfigSchema, type DeclaredPort } from '../schemas.ts';
import type { CompiledCode } from '../service.ts';

export const codeJs = defineOp({
  name: 'code.js',
  title: 'JavaScript',
  category: 'code',
  description:
    'Runs a JavaScript function body in a sandbox (QuickJS in WebAssembly): it reads the declared inputs as `inputs.<name>` and returns an object whose keys are declared outputs. Only JSON goes in and out; no Node APIs, files, network or timers; each call is limited in time and memory.',
  config: CodeConfigSchema,
  dynamicPorts: { inputs: 'inputs', outputs: 'outputs' },
  examples: [
    {
      title: 'Add two numbers',
      config: {
        source: 'return { sum: inputs.a + inputs.b };',
        inputs: [
          { name: 'a', schema: { type: 'number' } },
          { name: 'b', schema: { type: 'number' } },
        ],
        outputs: [{ name: 'sum', schema: { type: 'number' } }],
      },
      inputs: { a: 2, b: 3 },
      outputs: { sum: 5 },
    },
    {
      title: 'Reshape a list of orders',
      description: 'Totals the open orders and lists who placed them.',
      config: {
        source: [
          "const open = inputs.orders.filter((o) => o.status === 'open');",
          'return {',
          '  total: open.reduce((sum, o) => sum + o.amount, 0),',
          '  customers: [...new Set(open.map((o) => o.customer))],',
          '};',
        ].join('\n'),
        inputs: [{ name: 'orders', schema: { type: 'array' } }],
        outputs: [
          { name: 'total', schema: { type: 'number' } },
          { name: 'customers', schema: { type: 'array', items: { type: 'string' } } },
        ],
      },
      inputs: {
        orders: [
          { customer: 'ada', amount: 30, status: 'open' },
          { customer: 'bob', amount: 12, status: 'paid' },
          { customer: 'ada', amount: 8, status: 'open' },
        ],
      },
      outputs: { total: 38, customers: ['ada'] },
    },
  ],
  prepare(config, env): CompiledCode | undefined {
    const checked = env.services.get('code').check(config.source);
    if (checked.ok) return checked.code;
    if (checked.code === 'code_syntax') throw new ConfigProblem(['source'], checked.message);
    // The sandbox is restarting after a failure: the node compiles on its first run instead.
    return undefined;
  },
  async run(inputs, ctx) {
    const service = ctx.services.get('code');
    const code = ctx.prepared ?? (await service.compileWhenReady(ctx.config.source));
    const given: Record<string, unknown> = {};
    for (const port of ctx.config.inputs) given[port.name] = (inputs as Record<string, unknown>)[port.name];
    const result = await service.call(code, given, { signal: ctx.signal, log: ctx.log, maxValueDepth: ctx.limits.maxValueDepth });
    return toOutputs(result, ctx.config.outputs);
  },
});

/** What the function returned, as the node's outputs: an object whose keys are declared outputs (a missing one is not emitted). */
function toOutputs(result: unknown, declared: DeclaredPort[]): Record<string, unknown> {
  if (result === undefined) return {};
  if (result === null || typeof result !== 'object' || Array.isArray(result)) {
    throw new PatternError(
      'output_invalid',
      `The code must return an object whose keys are its outputs (${names(declared)}), not ${result === null ? 'null' : Array.isArray(result) ? 'an array' : typeof result}`,
      null,
    );
  }
  const known = new Set(declared.map((p) => p.name));
  for (const key of Object.keys(result)) {
    if (!known.has(key)) {
      throw new PatternError('output_invalid', `The code returned "${key}", which is not one of its outputs (${names(declared)})`, { output: key });
    }
  }
  return result as Record<string, unknown>;
}

function names(declared: DeclaredPort[]): string {
  return declared.length ? declared.map((p) => p.name).join(', ') : 'none declared';
}
