import { create } from 'zustand';
import { endpoints } from '../api/endpoints.ts';
import type { CatalogPort } from '../api/types.ts';
import { typesOf } from './node-ports.ts';

/** What a saved workflow declares about itself for the nodes that run it. */
export interface CalledSchemas {
  input: Record<string, unknown> | undefined;
  output: Record<string, unknown> | undefined;
}

type Known = CalledSchemas | 'loading' | 'missing';

interface CalledWorkflowsState {
  byId: Record<string, Known>;
  /** Fetches a workflow's schemas once; a later call for the same id does nothing. */
  load(id: string): void;
  /** Fetches them again, keeping what is known meanwhile: the workflow may have been saved since. */
  refresh(id: string): void;
}

/**
 * The `inputSchema` and `outputSchema` of the saved workflows the open workflow calls, fetched
 * on first use. The catalog cannot know them (they belong to another workflow, not to the op),
 * so this is how the editor types the ports of a node that calls one.
 */
export const useCalledWorkflows = create<CalledWorkflowsState>((set, get) => ({
  byId: {},
  load(id) {
    if (get().byId[id] === undefined) get().refresh(id);
  },
  refresh(id) {
    if (get().byId[id] === undefined) set((state) => ({ byId: { ...state.byId, [id]: 'loading' } }));
    endpoints.workflow(id).then(
      (saved) => set((state) => ({ byId: { ...state.byId, [id]: { input: saved.document.inputSchema, output: saved.document.outputSchema } } })),
      () => set((state) => ({ byId: { ...state.byId, [id]: 'missing' } })),
    );
  },
}));

/** For each op that runs one saved workflow: the port its input goes in by, and the one its output comes out of. */
const TYPED_PORTS: Record<string, { input: string; output: string }> = {
  'workflow.call': { input: 'input', output: 'output' },
  'flow.try': { input: 'input', output: 'ok' },
};

/**
 * A port of a node, typed by the called workflow's schema when the node runs one that declares
 * it; the port as the catalog has it otherwise, and until the schema has arrived (it is
 * fetched on the first look, so it is there by the time a dragged edge is dropped).
 */
export function calledWorkflowPort(
  opName: string,
  config: Record<string, unknown>,
  port: CatalogPort | undefined,
  side: 'input' | 'output',
): CatalogPort | undefined {
  const typed = TYPED_PORTS[opName];
  const id = config.workflow;
  if (!port || !typed || typed[side] !== port.name || typeof id !== 'string' || id === '') return port;
  const state = useCalledWorkflows.getState();
  const known = state.byId[id];
  if (known === undefined) state.load(id);
  const schema = typeof known === 'object' ? known[side] : undefined;
  return schema ? { ...port, schema, types: typesOf(schema) } : port;
}
