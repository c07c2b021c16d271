import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigProblem, createEngine, defineMod, defineOp } from '../src/index.ts';
import { edge } from './helpers.ts';

let prepareCalls = 0;

/** Compiles a `pattern` once per node; the run only uses what `prepare` made. */
const matchOp = defineOp({
  name: 'test.match',
  description: 'Tests text against a pattern prepared when the workflow is compiled.',
  config: z.object({ pattern: z.string() }),
  inputs: { text: { schema: z.string(), description: 'The text.' } },
  outputs: { matched: { schema: z.boolean(), description: 'Whether it matched.' } },
  prepare: (config) => {
    prepareCalls++;
    if (config.pattern.includes('(?=')) throw new ConfigProblem(['pattern'], 'lookahead is not supported');
    return new RegExp(config.pattern);
  },
  run: (inputs, ctx) => ({ matched: ctx.prepared.test(inputs.text) }),
});

const PortList = z.array(z.object({ name: z.string(), schema: z.record(z.string(), z.unknown()).optional() }));

/** An object built from ports its config names, and the same names as outputs. */
const buildOp = defineOp({
  name: 'test.build',
  description: 'Builds an object from the inputs its config declares.',
  config: z.object({ fields: PortList.default([]), echo: PortList.default([]) }),
  dynamicPorts: { inputs: 'fields', outputs: 'echo' },
  outputs: { object: { schema: z.record(z.string(), z.unknown()), description: 'The object.' } },
  run: (inputs) => ({ object: { ...inputs }, ...inputs }),
});

const engine = createEngine({ mods: [defineMod({ name: 'test', version: '1.0.0', ops: [matchOp, buildOp] })] });
await engine.start();

describe('prepare', () => {
  it('runs once per node at compile time, and every run reads ctx.prepared', async () => {
    const before = prepareCalls;
    const plan = engine.compile({ nodes: [{ id: 'm', op: 'test.match', config: { pattern: '^a+$', text: 'aaa' } }] });
    expect(prepareCalls).toBe(before + 1);
    for (let i = 0; i < 3; i++) {
      const record = await engine.run({ plan });
      expect(record.status).toBe('ok');
      expect(record.nodes.m?.outputs).toEqual({ matched: true });
    }
    expect(prepareCalls).toBe(before + 1);
  });

  it('turns a ConfigProblem into a located validation problem', () => {
    const problems = engine.validate({
      nodes: [
        { id: 'in', op: 'flow.input' },
        { id: 'm', op: 'test.match', config: { pattern: 'a(?=b)' } },
      ],
      edges: [edge('in', 'value', 'm', 'text')],
    });
    expect(problems).toEqual([expect.objectContaining({ code: 'config_invalid', path: 'nodes[1].config.pattern', nodeId: 'm' })]);
    expect(problems[0]?.message).toContain('lookahead is not supported');
  });

  it('prepares ops reached through ctx.call too', async () => {
    const callMatch = defineOp({
      name: 'test.callMatch',
      description: 'Calls test.match.',
      outputs: { matched: { schema: z.boolean(), description: 'Result.' } },
      run: async (_inputs, ctx) => ({ matched: (await ctx.call('test.match', { text: 'abc' }, { pattern: 'b' })).matched as boolean }),
    });
    const withCaller = createEngine({ mods: [defineMod({ name: 'test', version: '1.0.0', ops: [matchOp, callMatch] })] });
    await withCaller.start();
    const record = await withCaller.run({ workflow: { nodes: [{ id: 'c', op: 'test.callMatch' }] } });
    expect(record.nodes.c?.outputs).toEqual({ matched: true });
    await withCaller.stop();
  });
});

describe('dynamic ports', () => {
  const declared = {
    fields: [
      { name: 'first', schema: { type: 'string' } },
      { name: 'count', schema: { type: 'number' } },
    ],
    echo: [{ name: 'first', schema: { type: 'string' } }],
  };

  it('gives a node the ports its config declares, typed by their schemas', async () => {
    const record = await engine.run({
      workflow: {
        nodes: [
          { id: 'in', op: 'flow.input' },
          { id: 'name', op: 'object.get', config: { path: 'name' } },
          { id: 'b', op: 'test.build', config: { ...declared, count: 3 } },
          { id: 'out', op: 'flow.output' },
        ],
        edges: [edge('in', 'value', 'name', 'object'), edge('name', 'value', 'b', 'first'), edge('b', 'first', 'out', 'value')],
      },
      input: { name: 'Ada' },
    });
    expect(record.status).toBe('ok');
    expect(record.nodes.b?.outputs?.object).toEqual({ first: 'Ada', count: 3 });
    expect(record.output).toBe('Ada');
  });

  it('checks wires and constants against the declared types', () => {
    const problems = engine.validate({
      nodes: [
        { id: 'n', op: 'math.add', config: { a: 1, b: 2 } },
        { id: 'b', op: 'test.build', config: { ...declared, count: 'three' } },
      ],
      edges: [edge('n', 'result', 'b', 'first')],
    });
    expect(problems.map((p) => p.code).sort()).toEqual(['config_invalid', 'schema_mismatch']);
    expect(problems.find((p) => p.code === 'config_invalid')?.path).toBe('nodes[1].config.count');
  });

  it('refuses declarations that cannot be ports, located in the config', () => {
    const problems = engine.validate({
      nodes: [
        { id: 'b', op: 'test.build', config: { fields: [{ name: 'ok' }, { name: '1bad' }, { name: 'object' }, { name: 'fields' }], echo: 'no' } },
      ],
    });
    expect(problems.map((p) => p.path).sort()).toEqual(['nodes[0].config.echo', 'nodes[0].config.fields[1].name', 'nodes[0].config.fields[3].name']);
  });

  it('lists the declaring keys in the catalog for the editor', () => {
    expect(engine.catalog().find((op) => op.name === 'test.build')?.dynamicPorts).toEqual({ inputs: 'fields', outputs: 'echo' });
  });
});
