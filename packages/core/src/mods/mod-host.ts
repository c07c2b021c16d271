import type { CatalogOp } from '../ops/catalog.ts';
import type { RunRecord } from '../run/record.ts';
import type { Workflows } from '../workflow/workflows.ts';
import type { ModHost, ModRunRequest, RunHandle, WorkflowActivity } from './define-mod.ts';
import type { Registry } from './registry.ts';

/** The parts of the engine a mod's host is made of. */
export interface HostingEngine {
  readonly started: boolean;
  readonly registry: Registry;
  readonly workflows: Workflows;
  catalog(): CatalogOp[];
  getRun(id: string): Promise<RunRecord | undefined>;
  startRun(request: ModRunRequest): RunHandle;
}

/** Without a host that pauses workflows, every workflow is active. */
export const ALWAYS_ACTIVE: WorkflowActivity = { isActive: () => true, subscribe: () => () => {} };

/** The narrow face of the engine mods see: they cannot reach its registry, stores or runs beyond it. */
export function createModHost(engine: HostingEngine, activity: WorkflowActivity = ALWAYS_ACTIVE): ModHost {
  return {
    get started() {
      return engine.started;
    },
    mods: engine.registry.mods,
    catalog: () => engine.catalog(),
    suggestOps: (name, count) => engine.registry.suggest(name, count),
    getRun: (id) => engine.getRun(id),
    startRun: (request) => engine.startRun(request),
    workflows: {
      list: () => engine.workflows.list(),
      subscribe: (listener) => engine.workflows.subscribe(listener),
      isActive: (id) => activity.isActive(id),
      subscribeActive: (listener) => activity.subscribe(listener),
    },
    contributions: (target) =>
      engine.registry.mods.flatMap((mod) => {
        const value = mod.contributes?.[target];
        return value === undefined ? [] : [{ mod: mod.name, value }];
      }),
  };
}
