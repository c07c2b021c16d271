import type { ChildRunsTrace, RunSummary } from '@pattern/core';
import { describe, expect, test } from 'vitest';
import type { CatalogOp, CatalogPort } from '../src/api/types.ts';
import { useCalledWorkflows } from '../src/editor/called-workflows.ts';
import { refuseReason } from '../src/editor/connection-check.ts';
import { useEditor } from '../src/editor/editor-store.ts';
import { type GraphEdge, makeNode } from '../src/editor/graph.ts';
import { childPage, nestRuns, parentsThenChildren } from '../src/runs/nest-runs.ts';

const port = (name: string, types: string[] | null): CatalogPort => ({ name, kind: 'value', description: '', required: false, schema: {}, types });
const op = (name: string, inputs: CatalogPort[], outputs: CatalogPort[]): CatalogOp => ({
  name,
  title: name,
  description: name,
  category: name.split('.')[0] as string,
  mod: 'test',
  waitFor: 'all',
  inputs,
  outputs,
  config: null,
  examples: [],
});

const catalog = new Map(
  [
    op('workflow.call', [port('input', null)], [port('output', null), port('status', ['string'])]),
    op('math.add', [port('a', ['number'])], [port('result', ['number'])]),
    op('string.concat', [port('a', ['string'])], [port('text', ['string'])]),
  ].map((o) => [o.name, o]),
);

describe('the ports of a node that calls a saved workflow', () => {
  const nodes = [
    makeNode('call', 'workflow.call', { x: 0, y: 0 }, { workflow: 'double' }),
    makeNode('add', 'math.add', { x: 0, y: 0 }, {}),
    makeNode('text', 'string.concat', { x: 0, y: 0 }, {}),
  ];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const graph = { nodeById: (id: string) => byId.get(id), edges: [] as GraphEdge[], opOf: (name: string) => catalog.get(name) };
  const conn = (source: string, sourceHandle: string, target: string, targetHandle: string) => ({ source, sourceHandle, target, targetHandle });

  test('take the types the called workflow declares, once they are known', () => {
    useCalledWorkflows.setState({ byId: { double: 'loading' } });
    expect(refuseReason(graph, conn('text', 'text', 'call', 'input'))).toBeNull();
    useCalledWorkflows.setState({ byId: { double: { input: { type: 'number' }, output: { type: 'number' } } } });
    expect(refuseReason(graph, conn('text', 'text', 'call', 'input'))).toBe('text.text gives string, but call.input takes number');
    expect(refuseReason(graph, conn('add', 'result', 'call', 'input'))).toBeNull();
    expect(refuseReason(graph, conn('call', 'output', 'text', 'a'))).toBe('call.output gives number, but text.a takes string');
    expect(refuseReason(graph, conn('call', 'output', 'add', 'a'))).toBeNull();
  });

  test('take anything when the called workflow declares nothing', () => {
    useCalledWorkflows.setState({ byId: { double: { input: undefined, output: undefined } } });
    expect(refuseReason(graph, conn('text', 'text', 'call', 'input'))).toBeNull();
  });
});

describe('a workflow that declares its input and output', () => {
  test('keeps its schemas through the editor', () => {
    const inputSchema = { type: 'object', required: ['item'] };
    const outputSchema = { type: 'number' };
    useEditor
      .getState()
      .load('double', { id: 'double', name: 'Double', inputSchema, outputSchema, nodes: [], edges: [] }, { readOnly: false, dirty: false });
    expect(useEditor.getState().document()).toMatchObject({ id: 'double', name: 'Double', inputSchema, outputSchema });
  });
});

const summary = (id: string, parentRunId?: string): RunSummary => ({
  id,
  trigger: { kind: parentRunId ? 'child' : 'api' },
  status: 'ok',
  input: null,
  startedAt: '2026-01-01T00:00:00.000Z',
  ...(parentRunId ? { parentRunId, parentNodeId: 'map' } : {}),
});

describe('the runs list', () => {
  test('puts child runs under their parent when both are on the page', () => {
    const page = [summary('05', '01'), summary('04'), summary('03', '01'), summary('02', 'elsewhere'), summary('01')];
    expect(nestRuns(page).map(({ run, children }) => [run.id, children.map((c) => c.id)])).toEqual([
      ['04', []],
      ['02', []],
      ['01', ['05', '03']],
    ]);
    expect(parentsThenChildren(page).map((r) => r.id)).toEqual(['04', '02', '01', '05', '03']);
  });
});

describe('the child runs of a node', () => {
  const trace: ChildRunsTrace = {
    total: 1200,
    ok: 1197,
    error: 2,
    cancelled: 1,
    runs: Array.from({ length: 45 }, (_, i) => ({
      runId: `r${i}`,
      workflowId: 'item',
      key: i,
      status: i === 7 || i === 30 ? 'error' : i === 44 ? 'cancelled' : 'ok',
      startedAt: '2026-01-01T00:00:00.000Z',
    })),
  };

  test('page in the order they started', () => {
    expect(childPage(trace, 'all', 0, 20)).toMatchObject({ pages: 3, matching: 45 });
    expect(childPage(trace, 'all', 2, 20).rows.map((r) => r.key)).toEqual([40, 41, 42, 43, 44]);
    expect(childPage(trace, 'all', 9, 20).rows.map((r) => r.key)).toEqual([40, 41, 42, 43, 44]);
  });

  test('show only the failed ones when asked', () => {
    const failed = childPage(trace, 'failed', 0, 20);
    expect(failed.rows.map((r) => r.key)).toEqual([7, 30, 44]);
    expect(failed.pages).toBe(1);
  });
});
