import { describe, expect, it } from 'vitest';
import { createEngine, type Problem } from '../src/index.ts';
import { edge } from './helpers.ts';

const engine = createEngine();
const codes = (problems: Problem[]) => problems.map((p) => p.code);

describe('validation', () => {
  it('accepts a sound workflow', () => {
    expect(
      engine.validate({
        nodes: [
          { id: 'in', op: 'flow.input' },
          { id: 'out', op: 'flow.output' },
        ],
        edges: [edge('in', 'value', 'out', 'value')],
      }),
    ).toEqual([]);
  });

  it('locates shape problems', () => {
    const problems = engine.validate({ nodes: [{ id: 'a' }], edges: [{ from: { node: 'a' } }] });
    expect(codes(problems).every((c) => c === 'invalid_shape')).toBe(true);
    expect(problems.map((p) => p.path)).toEqual(expect.arrayContaining(['nodes[0].op', 'edges[0].from.port', 'edges[0].to']));
  });

  it('duplicate_node', () => {
    const [problem] = engine.validate({
      nodes: [
        { id: 'a', op: 'flow.input' },
        { id: 'a', op: 'flow.input' },
      ],
    });
    expect(problem).toMatchObject({ code: 'duplicate_node', path: 'nodes[1].id', nodeId: 'a' });
  });

  it('unknown_op, with the closest names', () => {
    const [problem] = engine.validate({ nodes: [{ id: 'a', op: 'math.ad' }] });
    expect(problem).toMatchObject({ code: 'unknown_op', path: 'nodes[0].op' });
    expect(problem?.message).toContain('"math.add"');
  });

  it('unknown_port on either end of an edge', () => {
    const problems = engine.validate({
      nodes: [
        { id: 'a', op: 'flow.input' },
        { id: 'b', op: 'flow.output' },
      ],
      edges: [edge('a', 'nope', 'b', 'value'), edge('a', 'value', 'b', 'missing')],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'unknown_port', path: 'edges[0].from.port', port: 'nope' }),
        expect.objectContaining({ code: 'unknown_port', path: 'edges[1].to.port', port: 'missing' }),
      ]),
    );
  });

  it('multi_source: an input takes one edge', () => {
    const problems = engine.validate({
      nodes: [
        { id: 'a', op: 'flow.input' },
        { id: 'b', op: 'flow.input' },
        { id: 'out', op: 'flow.output' },
      ],
      edges: [edge('a', 'value', 'out', 'value'), edge('b', 'value', 'out', 'value')],
    });
    expect(problems).toEqual([expect.objectContaining({ code: 'multi_source', path: 'edges[1].to.port', nodeId: 'out', port: 'value' })]);
  });

  it('missing_input: a required input with neither edge nor config', () => {
    const problems = engine.validate({ nodes: [{ id: 'sum', op: 'math.add', config: { a: 1 } }] });
    expect(problems).toEqual([expect.objectContaining({ code: 'missing_input', path: 'nodes[0].config.b', nodeId: 'sum', port: 'b' })]);
  });

  it('config_invalid: a constant that fails the port schema, a bad setting, an unknown key', () => {
    const problems = engine.validate({
      nodes: [
        { id: 'sum', op: 'math.add', config: { a: 'one', b: 2 } },
        { id: 'json', op: 'json.stringify', config: { indent: 99 } },
        { id: 'typo', op: 'flow.output', config: { kye: 'x' } },
      ],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'config_invalid', path: 'nodes[0].config.a', port: 'a' }),
        expect.objectContaining({ code: 'config_invalid', path: 'nodes[1].config.indent' }),
        expect.objectContaining({ code: 'config_invalid', path: 'nodes[2].config.kye' }),
      ]),
    );
    expect(problems.find((p) => p.path === 'nodes[2].config.kye')?.message).toContain('known: value, key');
  });

  it('schema_mismatch: an edge between types that can never meet', () => {
    const problems = engine.validate({
      nodes: [
        { id: 'len', op: 'array.length', config: { array: [] } },
        { id: 'upper', op: 'json.parse' },
      ],
      edges: [edge('len', 'length', 'upper', 'text')],
    });
    expect(problems).toEqual([expect.objectContaining({ code: 'schema_mismatch', path: 'edges[0]', nodeId: 'upper', port: 'text' })]);
    expect(problems[0]?.message).toContain('gives number but upper.text takes string');
  });

  it('schema_mismatch: a control port carries no value', () => {
    const problems = engine.validate({
      nodes: [
        { id: 'log', op: 'log', config: { value: 1 } },
        { id: 'out', op: 'flow.output' },
      ],
      edges: [edge('log', 'done', 'out', 'value')],
    });
    expect(codes(problems)).toEqual(['schema_mismatch']);
  });

  it('cycle, with the loop spelled out', () => {
    const problems = engine.validate({
      nodes: [
        { id: 'a', op: 'math.add', config: { b: 1 } },
        { id: 'b', op: 'math.add', config: { b: 1 } },
        { id: 'c', op: 'math.add', config: { b: 1 } },
      ],
      edges: [edge('a', 'result', 'b', 'a'), edge('b', 'result', 'c', 'a'), edge('c', 'result', 'a', 'a')],
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.code).toBe('cycle');
    expect(problems[0]?.message).toMatch(/a → b → c → a|b → c → a → b|c → a → b → c/);
    expect(problems[0]?.path).toMatch(/^edges\[\d\]$/);
  });

  it('reports every problem at once, not only the first', () => {
    const problems = engine.validate({
      nodes: [
        { id: 'x', op: 'nope' },
        { id: 'y', op: 'math.add' },
      ],
    });
    expect(codes(problems)).toEqual(['unknown_op', 'missing_input', 'missing_input']);
  });
});
