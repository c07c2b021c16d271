import { type InternalNode, useReactFlow, type XYPosition } from '@xyflow/react';
import { useCallback } from 'react';
import { useEditor } from './editor-store.ts';
import { besideSelection, freePlace, type Rect } from './free-place.ts';
import type { GraphEdge, OpNode } from './graph.ts';

/** A node not drawn yet is assumed this big; drawn ones are measured. */
export const NEW_NODE_SIZE = { width: 256, height: 160 };

function rectOf(node: OpNode, internal: InternalNode<OpNode> | undefined): Rect {
  const position = internal?.internals.positionAbsolute ?? node.position;
  return {
    x: position.x,
    y: position.y,
    width: internal?.measured.width ?? node.measured?.width ?? NEW_NODE_SIZE.width,
    height: internal?.measured.height ?? node.measured?.height ?? NEW_NODE_SIZE.height,
  };
}

/**
 * Where new nodes go: near a screen point when one is given (a drop), else beside the selection,
 * else at the centre of the view; always on free canvas, never on top of another node.
 */
export function usePlacement() {
  const flow = useReactFlow<OpNode, GraphEdge>();
  return useCallback(
    (where: { screen?: XYPosition; besideNode?: string } = {}, size = NEW_NODE_SIZE, exclude: ReadonlySet<string> = new Set()): XYPosition => {
      const nodes = useEditor.getState().nodes.filter((n) => !exclude.has(n.id));
      const rects = nodes.map((n) => rectOf(n, flow.getInternalNode(n.id)));
      let wanted: XYPosition | undefined;
      if (where.screen) {
        const at = flow.screenToFlowPosition(where.screen);
        wanted = { x: at.x, y: at.y - size.height / 3 };
      } else {
        const beside = where.besideNode;
        wanted = besideSelection(rects.filter((_, i) => (beside ? nodes[i]?.id === beside : nodes[i]?.selected)));
      }
      if (!wanted) {
        const rect = document.querySelector('.react-flow')?.getBoundingClientRect();
        const centre = flow.screenToFlowPosition(
          rect ? { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 } : { x: window.innerWidth / 2, y: window.innerHeight / 2 },
        );
        wanted = { x: centre.x - size.width / 2, y: centre.y - size.height / 2 };
      }
      return freePlace({ x: Math.round(wanted.x), y: Math.round(wanted.y) }, size, rects);
    },
    [flow],
  );
}

/** Pans just enough for a node placed outside the view to come into it, at the same zoom. */
export function useRevealNode() {
  const flow = useReactFlow<OpNode, GraphEdge>();
  return useCallback(
    (id: string) =>
      requestAnimationFrame(() => {
        const node = flow.getInternalNode(id);
        const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
        if (!node || !pane) return;
        const { x, y } = node.internals.positionAbsolute;
        const width = node.measured.width ?? NEW_NODE_SIZE.width;
        const height = node.measured.height ?? NEW_NODE_SIZE.height;
        const topLeft = flow.flowToScreenPosition({ x, y });
        const bottomRight = flow.flowToScreenPosition({ x: x + width, y: y + height });
        const inside = topLeft.x >= pane.left && topLeft.y >= pane.top && bottomRight.x <= pane.right && bottomRight.y <= pane.bottom;
        if (!inside) void flow.setCenter(x + width / 2, y + height / 2, { zoom: flow.getZoom(), duration: 250 });
      }),
    [flow],
  );
}

/** Inserts an op near a screen point (a drop), or beside the selection / at the centre when none is given. */
export function useInsertOp() {
  const place = usePlacement();
  const reveal = useRevealNode();
  return useCallback(
    (op: string, screen?: XYPosition) => {
      const id = useEditor.getState().addNode(op, place({ screen }));
      reveal(id);
      return id;
    },
    [place, reveal],
  );
}
