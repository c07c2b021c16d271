import { create } from 'zustand';
import { errorMessage } from '../api/client.ts';
import { endpoints } from '../api/endpoints.ts';
import type { NodeStatus, RunRecord, RunSummary, Workflow } from '../api/types.ts';

export interface NodeRunState {
  status: NodeStatus;
  durationMs?: number;
  error?: { code: string; message: string };
}

interface RunState {
  /** The run drawn on the graph: the one just started, or one opened from history. */
  run: RunRecord | undefined;
  nodes: Record<string, NodeRunState>;
  live: boolean;
  /** Whether the run was started from unsaved edits. */
  fromUnsaved: boolean;
  error: string | undefined;
  history: RunSummary[];
  historyFor: string | undefined;

  start(workflow: Workflow, input: unknown, unsaved: boolean): Promise<void>;
  open(id: string): Promise<void>;
  /** Opens a run and, while it is still running, follows it live until it settles. */
  follow(id: string): Promise<void>;
  clear(): void;
  loadHistory(workflowId: string): Promise<void>;
}

let stream: EventSource | undefined;

function closeStream(): void {
  stream?.close();
  stream = undefined;
}

function nodeStates(run: RunRecord): Record<string, NodeRunState> {
  const out: Record<string, NodeRunState> = {};
  for (const [id, trace] of Object.entries(run.nodes ?? {})) {
    out[id] = { status: trace.status, durationMs: trace.durationMs, error: trace.error };
  }
  return out;
}

/** The run the editor shows: started here and followed over SSE, or opened from the history. */
export const useRuns = create<RunState>((set, get) => {
  const settle = async (id: string) => {
    closeStream();
    try {
      const run = await endpoints.run(id);
      if (get().run?.id !== id) return;
      set({ run, nodes: nodeStates(run), live: false });
      const workflowId = get().historyFor;
      if (workflowId) void get().loadHistory(workflowId);
    } catch (error) {
      set({ live: false, error: errorMessage(error) });
    }
  };

  /** Node events update the graph as they come; `settled` (or a dropped stream) loads the stored record. */
  const listen = (run: RunRecord): Promise<void> | undefined => {
    if (run.status !== 'running') return settle(run.id);
    const events = endpoints.runEvents(run.id);
    stream = events;
    events.addEventListener('node', (event) => {
      const data = JSON.parse((event as MessageEvent<string>).data) as { nodeId: string } & NodeRunState;
      set((s) => ({ nodes: { ...s.nodes, [data.nodeId]: { status: data.status, durationMs: data.durationMs, error: data.error } } }));
    });
    events.addEventListener('settled', () => void settle(run.id));
    // A stream that drops (a proxy timeout, a restart) still ends with the stored record.
    events.addEventListener('error', () => {
      if (stream === events) void settle(run.id);
    });
    return undefined;
  };

  return {
    run: undefined,
    nodes: {},
    live: false,
    fromUnsaved: false,
    error: undefined,
    history: [],
    historyFor: undefined,

    async start(workflow, input, unsaved) {
      closeStream();
      set({ error: undefined, nodes: {}, live: true, fromUnsaved: unsaved });
      let run: RunRecord;
      try {
        run = await endpoints.startRun(workflow, input);
      } catch (error) {
        set({ live: false, error: errorMessage(error) });
        throw error;
      }
      set({ run, nodes: { ...nodeStates(run) } });
      return listen(run);
    },

    async open(id) {
      closeStream();
      set({ error: undefined });
      try {
        const run = await endpoints.run(id);
        set({ run, nodes: nodeStates(run), live: false, fromUnsaved: false });
      } catch (error) {
        set({ error: errorMessage(error) });
      }
    },

    async follow(id) {
      closeStream();
      set({ error: undefined, fromUnsaved: false });
      try {
        const run = await endpoints.run(id);
        set({ run, nodes: nodeStates(run), live: run.status === 'running' });
        if (run.status === 'running') listen(run);
      } catch (error) {
        set({ run: undefined, nodes: {}, live: false, error: errorMessage(error) });
      }
    },

    clear() {
      closeStream();
      set({ run: undefined, nodes: {}, live: false, error: undefined });
    },

    async loadHistory(workflowId) {
      set({ historyFor: workflowId });
      try {
        const page = await endpoints.runs({ workflowId, limit: 25 });
        if (get().historyFor === workflowId) set({ history: page.runs });
      } catch (error) {
        set({ error: errorMessage(error) });
      }
    },
  };
});
