import type { Engine, Problem } from '@pattern/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { codeEngine, codeWorkflow } from './helpers.ts';

let engine: Engine;

beforeAll(async () => {
  engine = await codeEngine();
});
afterAll(async () => {
  await engine.stop();
});

const problemsOf = (document: unknown): Problem[] => engine.validate(document);

describe('a code node is compiled when its workflow is', () => {
  it('reports a syntax error at config.source, with the line and column in the source', () => {
    const problems = problemsOf(codeWorkflow('const a = 1;\nreturn { result: a +* 2 };'));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe('nodes[1].config.source');
    expect(problems[0]?.message).toMatch(/^js: SyntaxError: .+ \(line 2, column \d+\)$/);
    expect(problems[0]?.message).toContain('(line 2, column 21)');
  });

  it('places a missing closing brace at the end of the source', () => {
    const [problem] = problemsOf(codeWorkflow('if (inputs.value) {\n  return { result: 1 };'));
    expect(problem?.path).toBe('nodes[1].config.source');
    expect(problem?.message).toContain('(line 2, column 24)');
  });

  it('refuses a source that closes its function to run code of its own', () => {
    const [problem] = problemsOf(codeWorkflow('}, globalThis.x = 1, function () {'));
    expect(problem?.path).toBe('nodes[1].config.source');
    expect(problem?.message).toContain('closes its function early');
  });

  it('compiles once, not on every run', async () => {
    const plan = engine.compile(codeWorkflow('return { result: inputs.value * 2 };'));
    const compile = vi.spyOn(engine.services.get('code'), 'compile');
    try {
      const runs = await Promise.all([1, 2, 3].map((input) => engine.run({ plan, input })));
      expect(runs.map((run) => run.output)).toEqual([2, 4, 6]);
      expect(compile).not.toHaveBeenCalled();
    } finally {
      compile.mockRestore();
    }
  });
});

describe('the ports a code node declares', () => {
  it('are listed in the catalog as dynamic ports of the op', () => {
    const op = engine.catalog().find((entry) => entry.name === 'code.js');
    expect(op?.dynamicPorts).toEqual({ inputs: 'inputs', outputs: 'outputs' });
    const config = op?.config as { properties: Record<string, Record<string, unknown>> };
    expect(config.properties.source?.editor).toBe('javascript');
    expect(config.properties.inputs?.editor).toBe('ports');
  });

  it('are typed: a wire of the wrong type is a schema_mismatch', () => {
    const document = {
      nodes: [
        {
          id: 'js',
          op: 'code.js',
          config: { source: 'return { label: "x" };', outputs: [{ name: 'label', schema: { type: 'string' } }] },
        },
        { id: 'sum', op: 'math.add', config: { b: 1 } },
      ],
      edges: [{ from: { node: 'js', port: 'label' }, to: { node: 'sum', port: 'a' } }],
    };
    const problems = problemsOf(document);
    expect(problems.map((p) => p.code)).toEqual(['schema_mismatch']);
    expect(problems[0]?.message).toBe('js.label gives string but sum.a takes number');
  });

  it('refuses an edge to a port the node does not declare', () => {
    const document = codeWorkflow('return { result: 1 };');
    document.nodes[1] = {
      id: 'js',
      op: 'code.js',
      config: { source: 'return { other: 1 };', inputs: [{ name: 'value' }], outputs: [{ name: 'other' }] },
    };
    const problems = problemsOf(document);
    expect(problems.map((p) => p.path)).toEqual(['edges[1].from.port']);
  });

  it('checks values on typed inputs before the code sees them', async () => {
    const run = await engine.run({
      workflow: codeWorkflow('return { result: inputs.value };', { inputs: [{ name: 'value', schema: { type: 'number' } }] }),
      input: 'not a number',
    });
    expect(run.status).toBe('error');
    expect(run.nodes.js?.status).toBe('error');
  });
});
