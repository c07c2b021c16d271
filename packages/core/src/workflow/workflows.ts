import { routeOf, type WorkflowRoute } from '../base-ops/http.ts';
import { PatternError } from '../errors.ts';
import { type Logger, silentLogger } from '../logger.ts';
import { workflowHash } from './canonical.ts';
import { checkClaims } from './claims.ts';
import type { CompileResult, Plan } from './compile.ts';
import type { Problem } from './problem.ts';
import { responseWarnings } from './response-warnings.ts';
import { type Workflow, WorkflowSchema } from './schema.ts';
import type { Activation, SavedWorkflow, WorkflowStore, WorkflowVersion } from './workflow-store.ts';

export interface VersionInfo {
  version: number;
  hash: string;
  note: string;
  createdAt: string;
  /** False when the stored document no longer matches its hash: it is refused, never run. */
  intact: boolean;
}

export interface ActiveVersion {
  version: number;
  document: Workflow;
  plan: Plan | undefined;
  /** Why the active version cannot run (tampered, or an op no longer installed). */
  refusal: PatternError | undefined;
}

export interface WorkflowEntry extends SavedWorkflow {
  /** Shipped by a mod: shown, run, never changed over the API. */
  readOnly: boolean;
  mod: string | undefined;
  /** Problems of the draft (an op whose mod is no longer installed, say). */
  problems: Problem[];
  /** What may go wrong in the valid draft without stopping it: a route response a run can skip. */
  warnings: Problem[];
  /** The draft's plan, when the draft is valid. */
  plan: Plan | undefined;
  versions: VersionInfo[];
  active: ActiveVersion | undefined;
  /** The route this workflow serves now: the active version's, or the draft's until the first publish. */
  route: WorkflowRoute | undefined;
}

export type WorkflowChange = { type: 'saved'; workflow: WorkflowEntry } | { type: 'deleted'; id: string };

export interface PublishResult {
  published: boolean;
  version: VersionInfo;
  message: string;
}

export interface SaveOptions {
  /** The revision the document was edited from: once another save came first, this one is refused with `conflict`. */
  ifRevision?: string;
  /** Keep a document with problems as a draft that does not run, instead of refusing it; one that is not even a workflow's shape is still refused. */
  keepProblems?: boolean;
}

type Compile = (document: unknown) => CompileResult;

/**
 * The saved workflows, held compiled: a save or an activation validates and builds the plan
 * once, so a run of a saved workflow (a route hit, an event) starts without re-validating.
 * Saving edits the draft; publishing freezes it as a numbered version and makes it active.
 */
export class Workflows {
  private readonly entries = new Map<string, WorkflowEntry>();
  private readonly listeners = new Set<(change: WorkflowChange) => void>();
  private readonly store: WorkflowStore;
  private readonly compile: Compile;
  private readonly log: Logger;
  private stopWatching: (() => void) | undefined;
  private loading = new Set<string>();
  /** Re-reads under way: closing waits for them, so none reads a store that closed under it. */
  private readonly refreshing = new Set<Promise<void>>();

  constructor(store: WorkflowStore, compile: Compile, log: Logger = silentLogger) {
    this.store = store;
    this.compile = compile;
    this.log = log;
  }

  async load(shipped: Array<{ mod: string; document: unknown }>): Promise<void> {
    this.entries.clear();
    const now = new Date().toISOString();
    for (const { mod, document } of shipped) {
      const result = this.compile(document);
      const id = (document as { id?: string }).id ?? '';
      if (!result.ok || !id)
        throw new PatternError('invalid_mod_workflow', `Mod "${mod}" ships an invalid workflow "${id}"`, { problems: result.problems });
      const saved = {
        id,
        document: result.plan.workflow,
        revision: workflowHash(result.plan.workflow),
        createdAt: now,
        updatedAt: now,
        activeVersion: null,
      };
      this.entries.set(id, this.entry(saved, result, [], true, mod));
    }
    const stored = await this.store.list();
    this.loading = new Set(stored.map((saved) => saved.id));
    for (const saved of stored) {
      if (this.entries.get(saved.id)?.readOnly) continue;
      this.entries.set(saved.id, this.entry(saved, this.compile(saved.document), await this.store.versions(saved.id), false, undefined));
    }
    this.loading = new Set();
    this.stopWatching?.();
    this.stopWatching = this.store.watch?.((id) => this.refreshWatched(id));
  }

  /** Re-reads one workflow that changed elsewhere (another server on the same database). */
  async refresh(id: string): Promise<void> {
    if (this.entries.get(id)?.readOnly) return;
    const saved = await this.store.get(id);
    if (saved) {
      this.replace(this.entry(saved, this.compile(saved.document), await this.store.versions(id), false, undefined));
    } else if (this.entries.delete(id)) {
      this.emit({ type: 'deleted', id });
    }
  }

  /** A change another server made: a failed re-read keeps the version held, and says so. */
  private refreshWatched(id: string): void {
    const refreshing = this.refresh(id).catch((error: unknown) =>
      this.log.warn('re-reading a workflow another server changed failed', { workflowId: id, error: String(error) }),
    );
    this.refreshing.add(refreshing);
    void refreshing.finally(() => this.refreshing.delete(refreshing));
  }

  async close(): Promise<void> {
    this.stopWatching?.();
    await Promise.all(this.refreshing);
    await this.store.close();
  }

  list(): WorkflowEntry[] {
    return [...this.entries.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  /** Whether a workflow of this id is saved or shipped; while loading, also one not compiled yet, so a call of it is not refused for the order they load in. */
  exists(id: string): boolean {
    return this.entries.has(id) || this.loading.has(id);
  }

  get(id: string): WorkflowEntry | undefined {
    return this.entries.get(id);
  }

  require(id: string): WorkflowEntry {
    const entry = this.entries.get(id);
    if (!entry) throw new PatternError('not_found', `There is no workflow "${id}"`, { id });
    return entry;
  }

  /** What a run of this workflow executes: the active version, or the draft until the first publish. */
  runnable(id: string): { plan: Plan; version: number | undefined } {
    const entry = this.require(id);
    if (entry.active) {
      if (entry.active.refusal) throw entry.active.refusal;
      return { plan: entry.active.plan as Plan, version: entry.active.version };
    }
    if (!entry.plan) throw new PatternError('validation_failed', `Workflow "${id}" is not valid and cannot run`, { problems: entry.problems });
    return { plan: entry.plan, version: undefined };
  }

  async save(id: string, document: unknown, options: SaveOptions = {}): Promise<WorkflowEntry> {
    this.writable(id, 'changed');
    const bodyId = (document as { id?: unknown } | null)?.id;
    if (bodyId !== undefined && bodyId !== id) {
      // The body's id may be any JSON value: an object can refuse to become a string.
      const given = typeof bodyId === 'string' ? `"${bodyId}"` : `(a ${bodyId === null ? 'null' : typeof bodyId})`;
      throw new PatternError('validation_failed', `The document's id ${given} does not match the URL's "${id}"`, {
        problems: [{ code: 'invalid_shape', path: 'id', message: `id must be "${id}" or left out` }],
      });
    }
    const candidate = { ...(document as object), id };
    const result = this.compile(candidate);
    const draft = result.ok ? result.plan.workflow : options.keepProblems ? WorkflowSchema.safeParse(candidate).data : undefined;
    if (!draft) {
      const count = result.problems.length;
      throw new PatternError('validation_failed', `Workflow "${id}" has ${count} problem${count === 1 ? '' : 's'}`, { problems: result.problems });
    }
    // A draft with problems serves no route, so it claims none either.
    if (result.ok) {
      this.checkRoute(id, routeOf(draft));
      checkClaims(id, result.plan, this.entries.values());
    }
    const saved = options.ifRevision === undefined ? await this.store.put(id, draft) : await this.store.putIfRevision(id, draft, options.ifRevision);
    if (!saved) {
      const current = await this.store.get(id);
      throw new PatternError(
        'conflict',
        `Workflow "${id}" was saved elsewhere since revision ${options.ifRevision}; merge with the current revision and save again`,
        {
          id,
          revision: current?.revision ?? null,
          document: current?.document ?? null,
        },
      );
    }
    return this.replace(this.entry(saved, result, await this.store.versions(id), false, undefined));
  }

  async delete(id: string): Promise<void> {
    this.writable(id, 'deleted');
    this.require(id);
    await this.store.delete(id);
    this.entries.delete(id);
    this.emit({ type: 'deleted', id });
  }

  /** Freezes the draft as the next version and makes it active; unchanged content publishes nothing. */
  async publish(id: string, note = ''): Promise<PublishResult> {
    const entry = this.writable(id, 'published');
    if (!entry) throw new PatternError('not_found', `There is no workflow "${id}"`, { id });
    if (!entry.plan)
      throw new PatternError('validation_failed', `Workflow "${id}" has problems; fix them before publishing`, { problems: entry.problems });
    const hash = workflowHash(entry.document);
    const active = entry.versions.find((v) => v.version === entry.active?.version);
    if (active && active.hash === hash && !entry.active?.refusal) {
      return { published: false, version: active, message: `Nothing to publish: the draft is the same as the active version ${active.version}` };
    }
    this.checkRoute(id, routeOf(entry.document));
    checkClaims(id, entry.plan, this.entries.values());
    const version: WorkflowVersion = {
      workflowId: id,
      version: Math.max(0, ...entry.versions.map((v) => v.version)) + 1,
      document: entry.document,
      hash,
      note,
      createdAt: new Date().toISOString(),
    };
    await this.store.addVersion(version);
    await this.store.activate({ workflowId: id, version: version.version, previous: entry.activeVersion, at: version.createdAt });
    const updated = await this.reload(id);
    return {
      published: true,
      version: updated.versions.find((v) => v.version === version.version) as VersionInfo,
      message: `Published version ${version.version}`,
    };
  }

  /** Makes a version active (a rollback, or undoing one); refused for a tampered version. */
  async activate(id: string, version: number): Promise<WorkflowEntry> {
    const entry = this.writable(id, 'changed');
    if (!entry) throw new PatternError('not_found', `There is no workflow "${id}"`, { id });
    const stored = (await this.store.versions(id)).find((v) => v.version === version);
    if (!stored) throw new PatternError('not_found', `Workflow "${id}" has no version ${version}`, { id, version });
    this.verify(stored);
    const result = this.compile(stored.document);
    if (!result.ok) {
      throw new PatternError('validation_failed', `Version ${version} of "${id}" cannot run here`, { problems: result.problems });
    }
    this.checkRoute(id, routeOf(result.plan.workflow));
    checkClaims(id, result.plan, this.entries.values());
    await this.store.activate({ workflowId: id, version, previous: entry.activeVersion, at: new Date().toISOString() });
    return this.reload(id);
  }

  async deleteVersion(id: string, version: number): Promise<void> {
    const entry = this.writable(id, 'changed');
    if (!entry) throw new PatternError('not_found', `There is no workflow "${id}"`, { id });
    if (entry.activeVersion === version) {
      throw new PatternError('conflict', `Version ${version} of "${id}" is active; activate another version before deleting it`, { id, version });
    }
    if (!(await this.store.deleteVersion(id, version)))
      throw new PatternError('not_found', `Workflow "${id}" has no version ${version}`, { id, version });
    await this.reload(id);
  }

  /** One version with its document; `latest` is the highest number. Refused when tampered. */
  async version(id: string, version: number | 'latest'): Promise<WorkflowVersion & { active: boolean }> {
    const entry = this.require(id);
    const versions = await this.store.versions(id);
    const wanted = version === 'latest' ? Math.max(0, ...versions.map((v) => v.version)) : version;
    const stored = versions.find((v) => v.version === wanted);
    if (!stored) throw new PatternError('not_found', `Workflow "${id}" has no version ${version}`, { id, version });
    this.verify(stored);
    return { ...stored, active: entry.activeVersion === stored.version };
  }

  activations(id: string): Promise<Activation[]> {
    this.require(id);
    return this.store.activations(id);
  }

  subscribe(listener: (change: WorkflowChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private writable(id: string, verb: string): WorkflowEntry | undefined {
    const existing = this.entries.get(id);
    if (existing?.readOnly) throw new PatternError('read_only', `Workflow "${id}" ships with mod "${existing.mod}" and cannot be ${verb}`, { id });
    return existing;
  }

  private verify(version: WorkflowVersion): void {
    if (workflowHash(version.document) !== version.hash) {
      throw new PatternError(
        'integrity_failed',
        `Version ${version.version} of "${version.workflowId}" does not match its hash: it was changed outside Pattern and will not run`,
        { id: version.workflowId, version: version.version, hash: version.hash },
      );
    }
  }

  private checkRoute(id: string, route: WorkflowRoute | undefined): void {
    if (!route) return;
    for (const other of this.entries.values()) {
      if (other.id === id) continue;
      const routes = [other.route, other.plan ? routeOf(other.document) : undefined];
      if (routes.some((r) => r && r.method === route.method && r.shape === route.shape)) {
        throw new PatternError('conflict', `${route.method} ${route.path} is already served by workflow "${other.id}"`, {
          route: `${route.method} ${route.path}`,
          workflowId: other.id,
        });
      }
    }
  }

  private async reload(id: string): Promise<WorkflowEntry> {
    const saved = await this.store.get(id);
    if (!saved) throw new PatternError('not_found', `There is no workflow "${id}"`, { id });
    return this.replace(this.entry(saved, this.compile(saved.document), await this.store.versions(id), false, undefined));
  }

  private replace(entry: WorkflowEntry): WorkflowEntry {
    this.entries.set(entry.id, entry);
    this.emit({ type: 'saved', workflow: entry });
    return entry;
  }

  private entry(saved: SavedWorkflow, result: CompileResult, versions: WorkflowVersion[], readOnly: boolean, mod: string | undefined): WorkflowEntry {
    const document: Workflow = result.ok ? result.plan.workflow : saved.document;
    const infos = versions
      .map((v) => ({ version: v.version, hash: v.hash, note: v.note, createdAt: v.createdAt, intact: workflowHash(v.document) === v.hash }))
      .sort((a, b) => a.version - b.version);
    const active = this.activeVersion(saved, versions, infos);
    const serving = active ? (active.plan ? routeOf(active.document) : undefined) : result.ok ? routeOf(document) : undefined;
    return {
      ...saved,
      document,
      readOnly,
      mod,
      problems: result.problems,
      warnings: result.ok ? responseWarnings(result.plan) : [],
      plan: result.ok ? result.plan : undefined,
      versions: infos,
      active,
      route: serving,
    };
  }

  private activeVersion(saved: SavedWorkflow, versions: WorkflowVersion[], infos: VersionInfo[]): ActiveVersion | undefined {
    if (saved.activeVersion === null) return undefined;
    const stored = versions.find((v) => v.version === saved.activeVersion);
    const info = infos.find((v) => v.version === saved.activeVersion);
    if (!stored || !info) {
      return {
        version: saved.activeVersion,
        document: saved.document,
        plan: undefined,
        refusal: new PatternError('not_found', `The active version ${saved.activeVersion} of "${saved.id}" is missing`, { id: saved.id }),
      };
    }
    if (!info.intact) {
      return {
        version: stored.version,
        document: stored.document,
        plan: undefined,
        refusal: new PatternError(
          'integrity_failed',
          `The active version ${stored.version} of "${saved.id}" does not match its hash: it was changed outside Pattern and will not run`,
          { id: saved.id, version: stored.version, hash: stored.hash },
        ),
      };
    }
    const result = this.compile(stored.document);
    if (!result.ok) {
      return {
        version: stored.version,
        document: stored.document,
        plan: undefined,
        refusal: new PatternError('validation_failed', `The active version ${stored.version} of "${saved.id}" cannot run here`, {
          problems: result.problems,
        }),
      };
    }
    return { version: stored.version, document: result.plan.workflow, plan: result.plan, refusal: undefined };
  }

  private emit(change: WorkflowChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
