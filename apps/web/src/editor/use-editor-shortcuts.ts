import { useReactFlow } from '@xyflow/react';
import { useEffect } from 'react';
import { copySelection, materialize, parseFragment } from './clipboard.ts';
import { useEditor } from './editor-store.ts';

/** Whether a key or clipboard event belongs to a text field rather than to the canvas. */
function isTextTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT';
}

function hasTextSelection(): boolean {
  const selection = window.getSelection();
  return selection !== null && !selection.isCollapsed && selection.toString().length > 0;
}

/**
 * Save, undo/redo, quick insert and the clipboard. Undo and paste leave text fields alone, so
 * typing in the inspector keeps its own undo and a pasted value lands in the field.
 */
export function useEditorShortcuts({ save, openQuickInsert }: { save: () => void; openQuickInsert: () => void }) {
  const flow = useReactFlow();

  useEffect(() => {
    let pasteCount = 0;
    let memory: string | undefined;
    // Tab inserts only when the user is working on the canvas; elsewhere it moves focus as usual.
    let onCanvas = false;
    const onPointerDown = (event: PointerEvent) => {
      onCanvas = event.target instanceof Element && event.target.closest('.react-flow__pane, .react-flow__node') !== null;
    };

    const onKeyDown = (event: KeyboardEvent) => {
      const mod = event.metaKey || event.ctrlKey;
      const key = event.key.toLowerCase();
      if (mod && key === 's') {
        event.preventDefault();
        save();
        return;
      }
      if (isTextTarget(event.target)) return;
      const editor = useEditor.getState();
      if (mod && key === 'z') {
        event.preventDefault();
        if (event.shiftKey) editor.redo();
        else editor.undo();
      } else if (mod && key === 'y') {
        event.preventDefault();
        editor.redo();
      } else if (event.key === 'Tab' && !mod && !event.shiftKey && !editor.readOnly) {
        const target = event.target as HTMLElement | null;
        if (onCanvas && (target === document.body || target?.closest('.react-flow') !== null)) {
          event.preventDefault();
          openQuickInsert();
        }
      }
    };

    const onCopy = (event: ClipboardEvent) => {
      if (isTextTarget(event.target) || hasTextSelection()) return;
      const { nodes, edges } = useEditor.getState();
      const fragment = copySelection(nodes, edges);
      if (!fragment) return;
      const text = JSON.stringify(fragment, null, 2);
      memory = text;
      pasteCount = 0;
      event.clipboardData?.setData('text/plain', text);
      event.preventDefault();
      if (event.type === 'cut') {
        const ids = new Set(fragment.nodes.map((n) => n.id));
        editor().onNodesChange([...ids].map((id) => ({ type: 'remove' as const, id })));
        editor().onEdgesChange(
          editor()
            .edges.filter((e) => ids.has(e.source) || ids.has(e.target))
            .map((e) => ({ type: 'remove' as const, id: e.id })),
        );
      }
    };

    const onPaste = (event: ClipboardEvent) => {
      if (isTextTarget(event.target) || useEditor.getState().readOnly) return;
      const fragment = parseFragment(event.clipboardData?.getData('text/plain') || memory || '');
      if (!fragment || fragment.nodes.length === 0) return;
      event.preventDefault();
      pasteCount++;
      const rect = document.querySelector('.react-flow')?.getBoundingClientRect();
      const centre = flow.screenToFlowPosition(rect ? { x: rect.left + rect.width / 3, y: rect.top + rect.height / 3 } : { x: 200, y: 200 });
      const state = useEditor.getState();
      const { nodes, edges } = materialize(fragment, new Set(state.nodes.map((n) => n.id)), {
        x: centre.x + pasteCount * 24,
        y: centre.y + pasteCount * 24,
      });
      state.insertFragment(nodes, edges);
    };

    const editor = () => useEditor.getState();
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('pointerdown', onPointerDown, true);
    document.addEventListener('copy', onCopy);
    document.addEventListener('cut', onCopy);
    document.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('pointerdown', onPointerDown, true);
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('cut', onCopy);
      document.removeEventListener('paste', onPaste);
    };
  }, [flow, save, openQuickInsert]);
}
