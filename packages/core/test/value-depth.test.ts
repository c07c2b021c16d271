import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  assertValueDepth,
  DEFAULT_MAX_STORED_DEPTH,
  DEFAULT_MAX_VALUE_DEPTH,
  defineMod,
  defineOp,
  type Engine,
  isPatternError,
  valueTooDeep,
} from '../src/index.ts';
import { edge, startedEngine } from './helpers.ts';

/** An array nested `depth` levels: `[[[]]]` is 3. */
function nested(depth: number): unknown {
  let value: unknown = [];
  for (let i = 1; i < depth; i++) value = i % 2 ? { a: value } : [value];
  return value;
}

const deepText = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** Ops a mod might write carelessly: each hands back a value nested as deep as asked. */
const careless = defineMod({
  name: 'careless',
  version: '1.0.0',
  ops: [
    defineOp({
      name: 'careless.build',
      description: 'Returns a value nested `depth` levels.',
      inputs: { depth: { schema: z.number().int(), description: 'How deep.' } },
      outputs: { value: { description: 'The value.' } },
      run: (inputs) => ({ value: nested(inputs.depth) }),
    }),
    defineOp({
      name: 'careless.output',
      description: 'Sets the run output to a value nested `depth` levels.',
      inputs: { depth: { schema: z.number().int(), description: 'How deep.' } },
      run: (inputs, ctx) => {
        ctx.output(nested(inputs.depth));
        return {};
      },
    }),
    defineOp({
      name: 'careless.log',
      description: 'Logs a value nested `depth` levels.',
      inputs: { depth: { schema: z.number().int(), description: 'How deep.' } },
      outputs: { done: { description: 'Whether the line was written.' } },
      run: (inputs, ctx) => {
        ctx.log.info('built', { value: nested(inputs.depth) });
        return { done: true };
      },
    }),
    defineOp({
      name: 'careless.call',
      description: 'Calls careless.build through ctx.call.',
      inputs: { depth: { schema: z.number().int(), description: 'How deep.' } },
      outputs: { done: { description: 'Whether the call came back.' } },
      run: async (inputs, ctx) => {
        await ctx.call('careless.build', { depth: inputs.depth });
        return { done: true };
      },
    }),
  ],
});

let engine: Engine;
afterEach(async () => {
  await engine?.stop();
});

function refusal(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

describe('value depth', () => {
  it('measures nesting without recursion, a cycle counting as too deep', () => {
    expect(valueTooDeep(1, 0)).toBe(false);
    expect(valueTooDeep(nested(3), 3)).toBe(false);
    expect(valueTooDeep(nested(4), 3)).toBe(true);
    expect(valueTooDeep({ a: 1, b: [1, { c: nested(2) }] }, 5)).toBe(false);
    expect(valueTooDeep({ a: 1, b: [1, { c: nested(2) }] }, 4)).toBe(true);
    expect(valueTooDeep(nested(200_000), DEFAULT_MAX_VALUE_DEPTH)).toBe(true);
    for (const depth of [1, 7, 8, 9, 20]) {
      expect(valueTooDeep(nested(depth), depth)).toBe(false);
      expect(valueTooDeep(nested(depth + 1), depth)).toBe(true);
      expect(valueTooDeep([1, { a: 'x' }, nested(depth)], depth + 1)).toBe(false);
      expect(valueTooDeep([1, { a: 'x' }, nested(depth)], depth)).toBe(true);
    }
    expect(valueTooDeep({}, 0)).toBe(true);
    expect(valueTooDeep(Object.create({ inherited: nested(5) }), 1)).toBe(false);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(valueTooDeep(cycle, DEFAULT_MAX_VALUE_DEPTH)).toBe(true);
    const error = refusal(() => assertValueDepth(nested(65), 'data', DEFAULT_MAX_STORED_DEPTH));
    expect(error).toMatchObject({ code: 'too_deep', details: { field: 'data', maxDepth: 64 } });
  });

  it('json.parse refuses text nested deeper than the value limit with too_deep naming the field', async () => {
    engine = await startedEngine();
    const run = await engine.invoke('json.parse', { text: deepText(100_000) }).done;
    expect(run.status).toBe('error');
    expect(run.error).toMatchObject({ code: 'too_deep', details: { field: 'text', maxDepth: DEFAULT_MAX_VALUE_DEPTH } });
    expect(() => JSON.stringify(run)).not.toThrow();
    const fits = await engine.invoke('json.parse', { text: deepText(DEFAULT_MAX_VALUE_DEPTH) }).done;
    expect(fits.status).toBe('ok');
  });

  it('object.set refuses a path or value that would nest the result too deep', async () => {
    engine = await startedEngine();
    const long = await engine.invoke('object.set', { path: Array(5000).fill('a').join('.'), value: 1 }).done;
    expect(long.error).toMatchObject({ code: 'too_deep', details: { field: 'path' } });
    expect(() => JSON.stringify(long)).not.toThrow();
    const deepValue = await engine.invoke('object.set', { path: 'a.b', value: nested(DEFAULT_MAX_VALUE_DEPTH - 1) }).done;
    expect(deepValue.error).toMatchObject({ code: 'too_deep', details: { field: 'value' } });
    const fits = await engine.invoke('object.set', { path: 'a.b', value: nested(DEFAULT_MAX_VALUE_DEPTH - 2) }).done;
    expect(fits.status).toBe('ok');
  });

  it('a chain of object.set nodes cannot build past the limit one level at a time', async () => {
    engine = await startedEngine({ limits: { maxValueDepth: 8 } });
    const nodes = [{ id: 'n0', op: 'value.const', config: { value: {} } }];
    const edges = [];
    for (let i = 1; i <= 10; i++) {
      nodes.push({ id: `n${i}`, op: 'object.set', config: { path: 'a' } as never });
      edges.push(edge(`n${i - 1}`, i === 1 ? 'value' : 'object', `n${i}`, 'value'));
    }
    const run = await engine.run({ workflow: { nodes, edges } });
    expect(run.status).toBe('error');
    expect(run.error).toMatchObject({ code: 'too_deep', nodeId: 'n8' });
  });

  it('an op that returns, outputs or calls back a value too deep fails as a node, and the record serializes', async () => {
    engine = await startedEngine({ mods: [careless] });
    for (const op of ['careless.build', 'careless.output', 'careless.call']) {
      const run = await engine.invoke(op, { depth: 20_000 }).done;
      expect(run.status, op).toBe('error');
      expect(run.error?.code, op).toBe('too_deep');
      expect(() => JSON.stringify(run), op).not.toThrow();
    }
    const fine = await engine.invoke('careless.build', { depth: 10 }).done;
    expect(fine.status).toBe('ok');
  });

  it('log fields too deep to serialize are kept in the trace as a marker that says so', async () => {
    engine = await startedEngine({ mods: [careless] });
    const run = await engine.invoke('careless.log', { depth: 20_000 }).done;
    expect(run.status).toBe('ok');
    expect(run.nodes.op?.logs?.[0]?.fields).toMatchObject({ $truncated: true, preview: expect.stringContaining('256') });
    expect(() => JSON.stringify(run)).not.toThrow();
    const shallow = await engine.invoke('careless.log', { depth: 3 }).done;
    expect(shallow.nodes.op?.logs?.[0]?.fields).toEqual({ value: nested(3) });
  });

  it('the engine refuses a run input or invoke input deeper than the value limit, naming the field', async () => {
    engine = await startedEngine({ limits: { maxValueDepth: 16 } });
    const workflow = { nodes: [{ id: 'in', op: 'flow.input' }], edges: [] };
    const input = refusal(() => engine.startRun({ workflow, input: { a: nested(16) } }));
    expect(isPatternError(input) && input.details).toEqual({ field: 'input', maxDepth: 16 });
    expect((await engine.run({ workflow, input: nested(16) })).status).toBe('ok');
    const inputs = refusal(() => engine.invoke('value.const', { value: nested(17) }));
    expect(isPatternError(inputs) && inputs.details).toEqual({ field: 'inputs.value', maxDepth: 16 });
    const config = refusal(() => engine.invoke('value.const', {}, { value: nested(17) }));
    expect(isPatternError(config) && config.details).toEqual({ field: 'config.value', maxDepth: 16 });
  });

  it('ops and mods read the limits the engine was given', async () => {
    let seen: unknown;
    const probe = defineMod({ name: 'probe', version: '1.0.0', hooks: { onStart: (ctx) => void (seen = ctx.limits) } });
    engine = await startedEngine({ mods: [probe], limits: { maxValueDepth: 8, maxStoredDepth: 4 } });
    expect(seen).toEqual({ maxValueDepth: 8, maxStoredDepth: 4 });
    expect((await engine.invoke('json.parse', { text: deepText(9) }).done).error?.code).toBe('too_deep');
    expect((await engine.invoke('json.parse', { text: deepText(8) }).done).status).toBe('ok');
  });
});
