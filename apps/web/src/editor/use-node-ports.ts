import { useEffect, useMemo } from 'react';
import type { CatalogOp, CatalogPort } from '../api/types.ts';
import { calledSide, callsWorkflow, typedByCalled, useCalledWorkflows } from './called-workflows.ts';
import { type NodePortLists, nodePorts } from './node-ports.ts';

export interface NodePortsView extends NodePortLists {
  /** Whether a port is typed by the workflow the node calls (`workflow.call`'s `input` and `output`). */
  calledPort(port: CatalogPort, side: 'in' | 'out'): boolean;
}

/**
 * A node's ports as drawn and edited: `nodePorts`, with the ports that stand for a called
 * workflow typed by its schemas. Subscribed to them, so the node is redrawn when it is pointed
 * at another workflow, when the schemas arrive, and when the called workflow changes.
 */
export function useNodePorts(op: CatalogOp | undefined, opName: string, config: Record<string, unknown>): NodePortsView | undefined {
  const calledId = callsWorkflow(opName) && typeof config.workflow === 'string' && config.workflow !== '' ? config.workflow : undefined;
  const called = useCalledWorkflows((s) => (calledId ? s.byId[calledId] : undefined));
  useEffect(() => {
    if (calledId) useCalledWorkflows.getState().load(calledId);
  }, [calledId]);
  return useMemo(() => {
    if (!op) return undefined;
    const listed = nodePorts(op, config);
    const calledPort = (port: CatalogPort, side: 'in' | 'out') => calledId !== undefined && calledSide(op.name, port.name, side) !== undefined;
    if (!calledId) return { ...listed, calledPort };
    const typed = (side: 'in' | 'out') => (port: CatalogPort) => {
      const calledAs = calledSide(op.name, port.name, side);
      return calledAs ? typedByCalled(port, called, calledAs) : port;
    };
    return { inputs: listed.inputs.map(typed('in')), outputs: listed.outputs.map(typed('out')), calledPort };
  }, [op, config, calledId, called]);
}
