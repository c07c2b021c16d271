import { useCallback } from 'react';
import { type Fragment, materialize, parseFragment } from './clipboard.ts';
import { useEditor } from './editor-store.ts';
import { NEW_NODE_SIZE, usePlacement } from './use-insert-op.ts';

function fragmentSize(fragment: Fragment): { width: number; height: number } {
  const xs = fragment.nodes.map((n) => n.position.x);
  const ys = fragment.nodes.map((n) => n.position.y);
  return {
    width: Math.max(...xs) - Math.min(...xs) + NEW_NODE_SIZE.width,
    height: Math.max(...ys) - Math.min(...ys) + NEW_NODE_SIZE.height,
  };
}

/** Pastes a copied fragment as one block on free canvas beside the selection (or at the centre); false when the text is none. */
export function usePasteFragment() {
  const place = usePlacement();
  return useCallback(
    (text: string, screen?: { x: number; y: number }): boolean => {
      const fragment = parseFragment(text);
      const state = useEditor.getState();
      if (!fragment || fragment.nodes.length === 0 || state.readOnly) return false;
      const at = place(screen ? { screen } : {}, fragmentSize(fragment));
      const { nodes, edges } = materialize(fragment, new Set(state.nodes.map((n) => n.id)), at);
      state.insertFragment(nodes, edges);
      return true;
    },
    [place],
  );
}
