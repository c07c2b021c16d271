import { useCallback } from 'react';
import type { CatalogOp, CatalogPort } from '../api/types.ts';
import { useCatalog } from '../catalog/catalog-store.ts';
import { type PickerRequest, useEditor } from './editor-store.ts';
import { acceptingInput, givingOutput } from './next-step.ts';
import { nodePorts } from './node-ports.ts';
import { usePlacement, useRevealNode } from './use-insert-op.ts';

export interface StepEnds {
  from?: { nodeId: string; port: CatalogPort };
  to?: { nodeId: string; port: CatalogPort };
}

function portOf(nodeId: string, name: string | null | undefined, side: 'inputs' | 'outputs'): CatalogPort | undefined {
  const node = useEditor.getState().nodes.find((n) => n.id === nodeId);
  const op = node && useCatalog.getState().byName.get(node.data.op);
  return op && node ? nodePorts(op, node.data.config)[side].find((p) => p.name === name) : undefined;
}

/** The ports a picker request connects to: the output it continues, and the input an edge split leads on to. */
export function stepEnds(request: PickerRequest): StepEnds {
  if (request.from) {
    const port = portOf(request.from.nodeId, request.from.port, 'outputs');
    return port ? { from: { nodeId: request.from.nodeId, port } } : {};
  }
  if (request.between) {
    const edge = useEditor.getState().edges.find((e) => e.id === request.between);
    if (!edge) return {};
    const from = portOf(edge.source, edge.sourceHandle, 'outputs');
    const to = portOf(edge.target, edge.targetHandle, 'inputs');
    return { ...(from ? { from: { nodeId: edge.source, port: from } } : {}), ...(to ? { to: { nodeId: edge.target, port: to } } : {}) };
  }
  return {};
}

/** Inserts the op a picker request chose, on free canvas, and wires it in; one undo step. */
export function useInsertStep() {
  const place = usePlacement();
  const reveal = useRevealNode();
  return useCallback(
    (op: CatalogOp, request: PickerRequest) => {
      const ends = stepEnds(request);
      const editor = useEditor.getState();
      const position = place(request.at ? { screen: request.at } : ends.from ? { besideNode: ends.from.nodeId } : {});
      const id = editor.addNode(op.name, position);
      if (request.between) editor.onEdgesChange([{ type: 'remove', id: request.between }]);
      const input = ends.from && acceptingInput(op, ends.from.port);
      if (ends.from && input) {
        editor.connect({ source: ends.from.nodeId, sourceHandle: ends.from.port.name, target: id, targetHandle: input.name });
      }
      const output = ends.to && givingOutput(op, ends.to.port);
      if (ends.to && output) editor.connect({ source: id, sourceHandle: output.name, target: ends.to.nodeId, targetHandle: ends.to.port.name });
      reveal(id);
      return id;
    },
    [place, reveal],
  );
}
