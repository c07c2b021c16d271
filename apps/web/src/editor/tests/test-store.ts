import type { RunRecord, TestCaseResult } from '@pattern/core';
import { create } from 'zustand';
import { errorMessage } from '../../api/client.ts';
import { endpoints } from '../../api/endpoints.ts';
import { useRuns } from '../../runs/run-store.ts';

interface TestsState {
  /** The last result of each case, by name, for the workflow it was run for. */
  results: Record<string, TestCaseResult>;
  workflowId: string | undefined;
  /** The cases running now, by name. */
  running: string[];
  error: string | undefined;
  /** The case whose run the canvas shows. */
  shown: string | undefined;
  run(workflowId: string, names: string[]): Promise<void>;
  show(name: string): void;
  reset(workflowId: string | undefined): void;
}

/** Draws a case's run on the canvas the way the Run tab draws a run: through the one run store. */
function drawRun(run: RunRecord | undefined): void {
  if (!run) return;
  const nodes = Object.fromEntries(
    Object.entries(run.nodes ?? {}).map(([id, trace]) => [id, { status: trace.status, durationMs: trace.durationMs, error: trace.error }]),
  );
  useRuns.setState({ run, nodes, live: false, fromUnsaved: false, error: undefined });
}

/** The editor's Tests tab: runs a saved workflow's cases on the server and keeps their last results. */
export const useTests = create<TestsState>((set, get) => ({
  results: {},
  workflowId: undefined,
  running: [],
  error: undefined,
  shown: undefined,

  async run(workflowId, names) {
    if (get().workflowId !== workflowId) set({ results: {}, workflowId });
    set({ running: names, error: undefined });
    try {
      const report = await endpoints.runTests(workflowId, names);
      if (get().workflowId !== workflowId) return;
      const results = { ...get().results };
      for (const result of report.cases) results[result.name] = result as TestCaseResult;
      // The canvas shows the first failure, or else the last case run.
      const shown = report.cases.find((c) => !c.ok) ?? report.cases.at(-1);
      set({ results, running: [], shown: shown?.name });
      drawRun(shown?.run as RunRecord | undefined);
    } catch (error) {
      set({ running: [], error: errorMessage(error) });
    }
  },

  show(name) {
    set({ shown: name });
    drawRun(get().results[name]?.run);
  },

  reset(workflowId) {
    if (get().workflowId !== workflowId) set({ results: {}, workflowId, running: [], error: undefined, shown: undefined });
  },
}));
