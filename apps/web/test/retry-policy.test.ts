import { beforeEach, describe, expect, test } from 'vitest';
import { copySelection, materialize } from '../src/editor/clipboard.ts';
import { useEditor } from '../src/editor/editor-store.ts';
import { toFlow, toWorkflow } from '../src/editor/graph.ts';
import { greeting } from './fixtures/workflows.ts';

const policy = { attempts: 3, delayMs: 200, backoff: 'exponential' as const };

beforeEach(() => {
  useEditor.getState().load('greet', greeting('greet', '/greet/:name'), { readOnly: false, dirty: false });
});

describe("a node's retry policy in the editor", () => {
  test('comes back from the document as it went in', () => {
    const document = greeting('greet', '/greet/:name');
    const withRetry = { ...document, nodes: document.nodes.map((n) => (n.id === 'text' ? { ...n, retry: policy } : n)) };
    const { nodes, edges } = toFlow(withRetry);
    const back = toWorkflow({ id: 'greet' }, nodes, edges);
    expect(back.nodes.find((n) => n.id === 'text')?.retry).toEqual(policy);
    expect(back.nodes.find((n) => n.id !== 'text')?.retry).toBeUndefined();
  });

  test('is set, edited and removed, saved with the document; edits in a row are one undo step', () => {
    const text = () =>
      useEditor
        .getState()
        .document()
        .nodes.find((n) => n.id === 'text');
    useEditor.getState().updateRetry('text', policy);
    useEditor.getState().updateRetry('text', { ...policy, attempts: 5 });
    expect(text()?.retry).toEqual({ ...policy, attempts: 5 });
    expect(useEditor.getState().dirty).toBe(true);
    useEditor.getState().undo();
    expect(text()).not.toHaveProperty('retry');
    useEditor.getState().updateRetry('text', policy);
    useEditor.getState().updateRetry('text', undefined);
    expect(text()).not.toHaveProperty('retry');
  });

  test('is kept by copy and paste', () => {
    useEditor.getState().updateRetry('text', policy);
    const nodes = useEditor.getState().nodes.map((n) => ({ ...n, selected: n.id === 'text' }));
    const fragment = copySelection(nodes, []);
    if (!fragment) throw new Error('nothing copied');
    const pasted = materialize(fragment, new Set(nodes.map((n) => n.id)), { x: 0, y: 0 });
    expect(pasted.nodes[0]?.data.retry).toEqual(policy);
  });
});
