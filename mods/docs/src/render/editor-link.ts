import type { CatalogOp, WorkflowInput } from '@pattern/core';

type Example = CatalogOp['examples'][number];

/**
 * The editor opens a new, unsaved workflow from a template given in the URL:
 * `/workflows/new?template=<URL-encoded workflow JSON>`.
 */
export function editorUrl(workflow: WorkflowInput): string {
  return `/workflows/new?template=${encodeURIComponent(JSON.stringify(workflow))}`;
}

/** An op example as a workflow: the op's node, with one keyed `flow.output` per value output so a run shows every result. */
export function exampleWorkflow(op: CatalogOp, example: Example): WorkflowInput {
  const outputs = op.outputs.filter((port) => port.kind === 'value' && port.name !== 'error');
  return {
    name: `${op.title}: ${example.title}`,
    nodes: [
      { id: 'op', op: op.name, config: { ...example.config, ...example.inputs }, position: { x: 0, y: 0 } },
      ...outputs.map((port, i) => ({
        id: `out_${port.name}`,
        op: 'flow.output',
        config: { key: port.name },
        position: { x: 320, y: i * 120 },
      })),
    ],
    edges: outputs.map((port) => ({ from: { node: 'op', port: port.name }, to: { node: `out_${port.name}`, port: 'value' } })),
  };
}
