import { useEffect } from 'react';
import { copySelection } from './clipboard.ts';
import { useEditor } from './editor-store.ts';
import { usePasteFragment } from './use-paste.ts';

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
 * Save, undo/redo, quick insert, the shortcut list and the clipboard. Undo and paste leave text
 * fields alone, so typing in the inspector keeps its own undo and a pasted value lands in the field.
 */
export function useEditorShortcuts({ save }: { save: () => void }) {
  const paste = usePasteFragment();

  useEffect(() => {
    // Tab inserts only when the user is working on the canvas, or on a page just opened (nothing
    // focused yet: the canvas is what it is for); elsewhere it moves focus as usual.
    let onCanvas = false;
    let fresh = true;
    const onPointerDown = (event: PointerEvent) => {
      fresh = false;
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
      const wasFresh = fresh;
      fresh = false;
      if (event.key === '?' && !mod) {
        event.preventDefault();
        editor.setShortcutsOpen(true);
      } else if (mod && key === 'a' && (event.target === document.body || (event.target as Element | null)?.closest('.canvas'))) {
        event.preventDefault();
        editor.onNodesChange(editor.nodes.map((n) => ({ type: 'select' as const, id: n.id, selected: true })));
      } else if (mod && key === 'd' && !editor.readOnly) {
        const fragment = copySelection(editor.nodes, editor.edges);
        if (!fragment) return;
        event.preventDefault();
        paste(JSON.stringify(fragment));
      } else if (mod && key === 'z') {
        event.preventDefault();
        if (event.shiftKey) editor.redo();
        else editor.undo();
      } else if (mod && key === 'y') {
        event.preventDefault();
        editor.redo();
      } else if (event.key === 'Tab' && !mod && !event.shiftKey && !editor.readOnly) {
        const target = event.target as HTMLElement | null;
        const onBody = target === document.body;
        // A click on the pane focuses the canvas element around React Flow (the skip link's target).
        if ((onBody && wasFresh) || (onCanvas && (onBody || target?.closest('.canvas') !== null))) {
          event.preventDefault();
          editor.openPicker();
        }
      }
    };

    const onCopy = (event: ClipboardEvent) => {
      if (isTextTarget(event.target) || hasTextSelection()) return;
      const { nodes, edges } = useEditor.getState();
      const fragment = copySelection(nodes, edges);
      if (!fragment) return;
      const text = JSON.stringify(fragment, null, 2);
      useEditor.getState().setCopied(text);
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
      if (paste(event.clipboardData?.getData('text/plain') || useEditor.getState().copied || '')) event.preventDefault();
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
  }, [paste, save]);
}
