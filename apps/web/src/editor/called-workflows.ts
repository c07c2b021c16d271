import { useEffect } from 'react';
import { create } from 'zustand';
import { endpoints } from '../api/endpoints.ts';
import type { CatalogPort, Workflow } from '../api/types.ts';
import { typesOf } from './node-ports.ts';

/** What a saved workflow declares about itself for the nodes that run it. */
export interface CalledSchemas {
  input: Record<string, unknown> | undefined;
  output: Record<string, unknown> | undefined;
}

export type Known = CalledSchemas | 'loading' | 'missing';

interface CalledWorkflowsState {
  byId: Record<string, Known>;
  /** Fetches a workflow's schemas once; a later call for the same id does nothing. */
  load(id: string): void;
  /** Fetches them again, keeping what is known meanwhile: the workflow may have been saved since. */
  refresh(id: string): void;
  /** Fetches again every workflow known so far. */
  refreshAll(): void;
  /** This editor saved `id` as `document`: its schemas are known now, and other tabs are told. */
  saved(id: string, document: Workflow): void;
}

/** Tabs of this browser tell each other of their saves, so a node calling the saved workflow is redrawn at once. */
const SAVES_CHANNEL = 'pattern-workflow-saves';

function schemasOf(document: Workflow): CalledSchemas {
  return { input: document.inputSchema, output: document.outputSchema };
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
      (saved) => set((state) => ({ byId: { ...state.byId, [id]: schemasOf(saved.document) } })),
      () => set((state) => ({ byId: { ...state.byId, [id]: 'missing' } })),
    );
  },
  refreshAll() {
    for (const id of Object.keys(get().byId)) get().refresh(id);
  },
  saved(id, document) {
    set((state) => ({ byId: { ...state.byId, [id]: schemasOf(document) } }));
    if (typeof BroadcastChannel === 'undefined') return;
    const channel = new BroadcastChannel(SAVES_CHANNEL);
    channel.postMessage({ id });
    channel.close();
  },
}));

/**
 * Keeps the called workflows' schemas current while an editor is open: a save in another tab of
 * this browser refreshes that workflow at once, and coming back to the page refreshes them all
 * (a save in another browser, or on another server).
 */
export function useCalledWorkflowsFresh(): void {
  useEffect(() => {
    const state = useCalledWorkflows.getState;
    const channel = typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel(SAVES_CHANNEL);
    if (channel) {
      channel.onmessage = (event: MessageEvent<{ id?: unknown }>) => {
        const id = event.data?.id;
        if (typeof id === 'string' && state().byId[id] !== undefined) state().refresh(id);
      };
    }
    const onVisible = () => {
      if (document.visibilityState === 'visible') state().refreshAll();
    };
    document.addEventListener('visibilitychange', onVisible);
    window.addEventListener('focus', onVisible);
    return () => {
      channel?.close();
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener('focus', onVisible);
    };
  }, []);
}

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
  return typedByCalled(port, known, side);
}

/** The port typed by the schema the called workflow declares for `side`, when it has arrived and declares one. */
export function typedByCalled(port: CatalogPort, known: Known | undefined, side: 'input' | 'output'): CatalogPort {
  const schema = typeof known === 'object' ? known[side] : undefined;
  return schema ? { ...port, schema, types: typesOf(schema) } : port;
}

/** Whether nodes of `opName` run the saved workflow their `workflow` config names. */
export function callsWorkflow(opName: string): boolean {
  return TYPED_PORTS[opName] !== undefined;
}

/** The side of the called workflow a port of `opName` stands for, if it stands for one. */
export function calledSide(opName: string, portName: string, direction: 'in' | 'out'): 'input' | 'output' | undefined {
  const typed = TYPED_PORTS[opName];
  if (!typed) return undefined;
  if (direction === 'in' && typed.input === portName) return 'input';
  if (direction === 'out' && typed.output === portName) return 'output';
  return undefined;
}
