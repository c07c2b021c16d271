import { describe, expect, test } from 'vitest';
import type { CatalogPort, Problem, Workflow } from '../src/api/types.ts';
import { calledSide, callsWorkflow, typedByCalled, useCalledWorkflows } from '../src/editor/called-workflows.ts';
import { useEditor } from '../src/editor/editor-store.ts';

const anything: CatalogPort = { name: 'output', kind: 'value', description: '', required: false, schema: {}, types: null };
const document = (inputSchema: Record<string, unknown>, outputSchema: Record<string, unknown>): Workflow =>
  ({ id: 'called', nodes: [], edges: [], inputSchema, outputSchema }) as Workflow;

describe('the ports of a node that calls a saved workflow', () => {
  test('stand for the called workflow only on the ops that run one, and only for their input and output', () => {
    expect(callsWorkflow('workflow.call')).toBe(true);
    expect(callsWorkflow('math.add')).toBe(false);
    expect(calledSide('workflow.call', 'input', 'in')).toBe('input');
    expect(calledSide('workflow.call', 'output', 'out')).toBe('output');
    expect(calledSide('workflow.call', 'status', 'out')).toBeUndefined();
    expect(calledSide('flow.try', 'ok', 'out')).toBe('output');
  });

  test('are typed by what this editor saved last, without fetching it again', () => {
    useCalledWorkflows.setState({ byId: { called: { input: { type: 'number' }, output: { type: 'string' } } } });
    expect(typedByCalled(anything, useCalledWorkflows.getState().byId.called, 'output').types).toEqual(['string']);
    useCalledWorkflows.getState().saved('called', document({ type: 'object' }, { type: 'array' }));
    expect(typedByCalled(anything, useCalledWorkflows.getState().byId.called, 'output').types).toEqual(['array']);
    expect(typedByCalled(anything, useCalledWorkflows.getState().byId.called, 'input').types).toEqual(['object']);
  });

  test('stay as the catalog has them while the schemas are loading or missing', () => {
    expect(typedByCalled(anything, 'loading', 'output')).toBe(anything);
    expect(typedByCalled(anything, 'missing', 'output')).toBe(anything);
    expect(typedByCalled(anything, { input: undefined, output: undefined }, 'output')).toBe(anything);
  });
});

describe('warnings from the server', () => {
  const workflow: Workflow = { id: 'w', nodes: [{ id: 'res', op: 'http.response' }], edges: [] } as Workflow;
  const warning: Problem = { code: 'response_skippable', severity: 'warning', path: 'nodes[0]', message: 'res can be skipped' };

  test('are kept beside problems, located on their node, and never drawn on it as problems', () => {
    useEditor.getState().load('w', workflow, { readOnly: false, dirty: false });
    useEditor.getState().setProblems([], workflow, [warning]);
    const state = useEditor.getState();
    expect(state.warnings).toEqual([expect.objectContaining({ code: 'response_skippable', target: 'res' })]);
    expect(state.problems).toEqual([]);
    expect(state.problemsByNode).toEqual({});
  });

  test('are cleared by problems that come without them, and by loading another workflow', () => {
    useEditor.getState().setProblems([], workflow, [warning]);
    useEditor.getState().setProblems([{ code: 'unknown_op', path: 'nodes[0].op', message: 'no such op' }], workflow);
    expect(useEditor.getState().warnings).toEqual([]);
    useEditor.getState().setProblems([], workflow, [warning]);
    useEditor.getState().load('w', workflow, { readOnly: false, dirty: false });
    expect(useEditor.getState().warnings).toEqual([]);
  });
});
