import { describe, expect, test } from 'vitest';
import type { Workflow } from '../src/api/types.ts';
import { mergeWorkflows, planMerge } from '../src/editor/merge/three-way.ts';

const edge = (from: string, to: string) => ({ from: { node: from, port: 'out' }, to: { node: to, port: 'in' } });

const base: Workflow = {
  id: 'w',
  name: 'Base',
  nodes: [
    { id: 'a', op: 'value.const', config: { value: 1 } },
    { id: 'b', op: 'value.const', config: { value: 2 } },
    { id: 'c', op: 'value.const', config: { value: 3 } },
  ],
  edges: [edge('a', 'b'), edge('b', 'c')],
};

const withNode = (document: Workflow, id: string, value: unknown): Workflow => ({
  ...document,
  nodes: document.nodes.map((node) => (node.id === id ? { ...node, config: { value } } : node)),
});

describe('three-way merge of two edits of one workflow', () => {
  test('takes each side’s own changes without asking, and loses neither', () => {
    const mine: Workflow = {
      ...withNode(base, 'a', 'mine'),
      nodes: [...withNode(base, 'a', 'mine').nodes, { id: 'm', op: 'log' }],
      edges: [...base.edges, edge('c', 'm')],
    };
    const theirs: Workflow = { ...withNode(base, 'b', 'theirs'), name: 'Theirs', edges: [edge('a', 'b')] };
    const plan = planMerge(base, mine, theirs);
    expect(plan).toEqual({ conflicts: [], fromTheirs: ['b'], fromMine: ['a', 'm'] });
    const merged = mergeWorkflows(base, mine, theirs);
    expect(merged.name).toBe('Theirs');
    expect(merged.nodes.map((n) => [n.id, (n.config as { value?: unknown } | undefined)?.value])).toEqual([
      ['a', 'mine'],
      ['b', 'theirs'],
      ['c', 3],
      ['m', undefined],
    ]);
    // They removed b→c; I added c→m.
    expect(merged.edges).toEqual([edge('a', 'b'), edge('c', 'm')]);
  });

  test('asks about a node both changed, takes mine unless told otherwise, and drops edges of a deleted node', () => {
    const mine = withNode(base, 'b', 'mine');
    const theirs: Workflow = { ...withNode(base, 'b', 'theirs'), nodes: withNode(base, 'b', 'theirs').nodes.filter((n) => n.id !== 'c') };
    const plan = planMerge(base, mine, theirs);
    expect(plan.conflicts.map((c) => c.id)).toEqual(['b']);
    expect(plan.fromTheirs).toEqual(['c']);
    expect(mergeWorkflows(base, mine, theirs).nodes.find((n) => n.id === 'b')?.config).toEqual({ value: 'mine' });
    const merged = mergeWorkflows(base, mine, theirs, { b: 'theirs' });
    expect(merged.nodes.map((n) => n.id)).toEqual(['a', 'b']);
    expect(merged.nodes.find((n) => n.id === 'b')?.config).toEqual({ value: 'theirs' });
    expect(merged.edges).toEqual([edge('a', 'b')]);
  });
});
