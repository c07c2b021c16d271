import { beforeEach, describe, expect, test } from 'vitest';
import { useEditor } from '../src/editor/editor-store.ts';
import { greeting } from './fixtures/workflows.ts';

const move = (x: number) => [{ type: 'position' as const, id: 'text', position: { x, y: 0 } }];
const tick = () => new Promise<void>((resolve) => queueMicrotask(resolve));

beforeEach(() => {
  useEditor.getState().load('greet', greeting('greet', '/greet/:name'), { readOnly: false, dirty: false });
});

describe('undo steps', () => {
  test('a drag is one step, however many moves it reports', async () => {
    const editor = useEditor.getState();
    editor.dragStart();
    for (const x of [10, 20, 30]) {
      await tick();
      useEditor.getState().onNodesChange(move(x));
    }
    editor.dragStop();
    expect(useEditor.getState().past).toHaveLength(1);
    useEditor.getState().undo();
    expect(useEditor.getState().nodes.find((n) => n.id === 'text')?.position).toEqual({ x: 320, y: 0 });
  });

  test('a run of nudges is one step, and an undo ends the run', async () => {
    for (const x of [321, 322, 323]) {
      await tick();
      useEditor.getState().onNodesChange(move(x));
    }
    expect(useEditor.getState().past).toHaveLength(1);
    useEditor.getState().undo();
    await tick();
    useEditor.getState().onNodesChange(move(400));
    expect(useEditor.getState().past).toHaveLength(1);
    expect(useEditor.getState().future).toHaveLength(0);
  });

  test('changes in one tick are one step, edits of one field coalesce, and loading forgets the last field', async () => {
    useEditor.getState().updateConfig('text', 'template', 'a');
    useEditor.getState().setMeta({ name: 'renamed' });
    useEditor.getState().checkpoint('other');
    expect(useEditor.getState().past).toHaveLength(1);
    await tick();
    useEditor.getState().updateConfig('text', 'template', 'ab');
    expect(useEditor.getState().past).toHaveLength(1);
    await tick();
    useEditor.getState().load('greet', greeting('greet', '/greet/:name'), { readOnly: false, dirty: false });
    useEditor.getState().updateConfig('text', 'template', 'abc');
    expect(useEditor.getState().past).toHaveLength(1);
  });
});
