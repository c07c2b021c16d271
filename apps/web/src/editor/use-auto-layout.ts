import { useReactFlow } from '@xyflow/react';
import { useCallback } from 'react';
import { errorMessage } from '../api/client.ts';
import { layoutGraph } from './auto-layout.ts';
import { useEditor } from './editor-store.ts';
import { fitReadable } from './fit-view.ts';
import type { GraphEdge, OpNode } from './graph.ts';

/** Lays the graph out with ELK from the nodes' measured sizes, then fits it in view. */
export function useAutoLayout() {
  const flow = useReactFlow<OpNode, GraphEdge>();
  return useCallback(async () => {
    const { nodes, edges } = useEditor.getState();
    try {
      const positions = await layoutGraph(nodes, edges, (nodeId) => flow.getInternalNode(nodeId));
      useEditor.getState().setPositions(positions);
      requestAnimationFrame(() => void fitReadable(flow, 300));
    } catch (error) {
      useEditor.getState().notify(`Layout failed: ${errorMessage(error)}`, 'error');
    }
  }, [flow]);
}
