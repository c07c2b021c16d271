import { routeOf, type WorkflowRoute } from '../base-ops/http.ts';
import { PatternError } from '../errors.ts';
import type { CompileResult, Plan } from './compile.ts';
import type { Problem } from './problem.ts';
import type { Workflow } from './schema.ts';
import type { SavedWorkflow, WorkflowStore } from './workflow-store.ts';

export interface WorkflowEntry extends SavedWorkflow {
  /** Shipped by a mod: shown, run, never changed over the API. */
  readOnly: boolean;
  mod: string | undefined;
  route: WorkflowRoute | undefined;
  /** Problems found when it was loaded (an op whose mod is no longer installed, say). */
  problems: Problem[];
  plan: Plan | undefined;
}

export type WorkflowChange = { type: 'saved'; workflow: WorkflowEntry } | { type: 'deleted'; id: string };

type Compile = (document: unknown) => CompileResult;

/**
 * The saved workflows, held compiled: a save validates and builds the plan once, so a run of a
 * saved workflow (a route hit, an event) starts without re-validating anything.
 */
export class Workflows {
  private readonly entries = new Map<string, WorkflowEntry>();
  private readonly listeners = new Set<(change: WorkflowChange) => void>();
  private readonly store: WorkflowStore;
  private readonly compile: Compile;

  constructor(store: WorkflowStore, compile: Compile) {
    this.store = store;
    this.compile = compile;
  }

  async load(shipped: Array<{ mod: string; document: unknown }>): Promise<void> {
    this.entries.clear();
    const now = new Date().toISOString();
    for (const { mod, document } of shipped) {
      const result = this.compile(document);
      const id = (document as { id?: string }).id ?? '';
      if (!result.ok || !id)
        throw new PatternError('invalid_mod_workflow', `Mod "${mod}" ships an invalid workflow "${id}"`, { problems: result.problems });
      this.entries.set(id, this.entry({ id, document: result.plan.workflow, createdAt: now, updatedAt: now }, result, true, mod));
    }
    for (const saved of await this.store.list()) {
      if (this.entries.get(saved.id)?.readOnly) continue;
      this.entries.set(saved.id, this.entry(saved, this.compile(saved.document), false, undefined));
    }
  }

  list(): WorkflowEntry[] {
    return [...this.entries.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  get(id: string): WorkflowEntry | undefined {
    return this.entries.get(id);
  }

  require(id: string): WorkflowEntry {
    const entry = this.entries.get(id);
    if (!entry) throw new PatternError('not_found', `There is no workflow "${id}"`, { id });
    return entry;
  }

  /** The plan to run a saved workflow by, or an error saying why it cannot run. */
  plan(id: string): Plan {
    const entry = this.require(id);
    if (!entry.plan) {
      throw new PatternError('validation_failed', `Workflow "${id}" is not valid and cannot run`, { problems: entry.problems });
    }
    return entry.plan;
  }

  async save(id: string, document: unknown): Promise<WorkflowEntry> {
    const existing = this.entries.get(id);
    if (existing?.readOnly) throw new PatternError('read_only', `Workflow "${id}" ships with mod "${existing.mod}" and cannot be changed`, { id });
    const bodyId = (document as { id?: unknown } | null)?.id;
    if (bodyId !== undefined && bodyId !== id) {
      throw new PatternError('validation_failed', `The document's id "${String(bodyId)}" does not match the URL's "${id}"`, {
        problems: [{ code: 'invalid_shape', path: 'id', message: `id must be "${id}" or left out` }],
      });
    }
    const result = this.compile({ ...(document as object), id });
    if (!result.ok) {
      throw new PatternError(
        'validation_failed',
        `Workflow "${id}" has ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}`,
        {
          problems: result.problems,
        },
      );
    }
    const route = routeOf(result.plan.workflow);
    if (route) {
      const clash = this.list().find((w) => w.id !== id && w.route && w.route.method === route.method && w.route.shape === route.shape);
      if (clash) {
        throw new PatternError('conflict', `${route.method} ${route.path} is already served by workflow "${clash.id}"`, {
          route: `${route.method} ${route.path}`,
          workflowId: clash.id,
        });
      }
    }
    const saved = await this.store.put(id, result.plan.workflow);
    const entry = this.entry(saved, result, false, undefined);
    this.entries.set(id, entry);
    this.emit({ type: 'saved', workflow: entry });
    return entry;
  }

  async delete(id: string): Promise<void> {
    const existing = this.require(id);
    if (existing.readOnly) throw new PatternError('read_only', `Workflow "${id}" ships with mod "${existing.mod}" and cannot be deleted`, { id });
    await this.store.delete(id);
    this.entries.delete(id);
    this.emit({ type: 'deleted', id });
  }

  subscribe(listener: (change: WorkflowChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private entry(saved: SavedWorkflow, result: CompileResult, readOnly: boolean, mod: string | undefined): WorkflowEntry {
    const document: Workflow = result.ok ? result.plan.workflow : saved.document;
    return {
      ...saved,
      document,
      readOnly,
      mod,
      route: result.ok ? routeOf(document) : undefined,
      problems: result.problems,
      plan: result.ok ? result.plan : undefined,
    };
  }

  private emit(change: WorkflowChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
