import { useReactFlow, type XYPosition } from '@xyflow/react';
import { useCallback } from 'react';
import { useEditor } from './editor-store.ts';

const NODE_HALF_WIDTH = 110;
const NODE_HALF_HEIGHT = 50;

/** Inserts an op at a screen point (a drop), or at the centre of the canvas when none is given. */
export function useInsertOp() {
  const flow = useReactFlow();
  return useCallback(
    (op: string, screen?: XYPosition) => {
      let point = screen;
      if (!point) {
        const rect = document.querySelector('.react-flow')?.getBoundingClientRect();
        point = rect ? { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 } : { x: window.innerWidth / 2, y: window.innerHeight / 2 };
      }
      const at = flow.screenToFlowPosition(point);
      // Nudge so repeated centre inserts do not stack exactly on top of each other.
      const taken = useEditor.getState().nodes;
      let position = { x: at.x - NODE_HALF_WIDTH, y: at.y - NODE_HALF_HEIGHT };
      while (taken.some((n) => Math.abs(n.position.x - position.x) < 8 && Math.abs(n.position.y - position.y) < 8)) {
        position = { x: position.x + 24, y: position.y + 24 };
      }
      return useEditor.getState().addNode(op, position);
    },
    [flow],
  );
}
