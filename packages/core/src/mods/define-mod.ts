import type { ValueLimits } from '../json/depth.ts';
import type { Logger } from '../logger.ts';
import type { CatalogOp } from '../ops/catalog.ts';
import type { OpDefinition } from '../ops/define-op.ts';
import type { Services } from '../ops/op-context.ts';
import type { RunRecord, RunTrigger } from '../run/record.ts';
import type { WorkflowInput } from '../workflow/schema.ts';
import type { WorkflowChange, WorkflowEntry } from '../workflow/workflows.ts';

/**
 * What one mod hands another through `contributes`, by the receiving mod's name. The receiving mod
 * types its entry by declaration merging, so a contribution is checked wherever its types are imported:
 * `declare module '@pattern/core' { interface ModContributions { store: { collections: CollectionDeclaration[] } } }`
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by mods through declaration merging
export interface ModContributions {}

/** A contribution to a mod whose types are not in scope is checked by that mod when it reads it. */
export type ModContributionsSpec = Partial<ModContributions> & Record<string, unknown>;

/** A run a mod started: its id, its settled record once it ends, and a way to stop it. */
export interface RunHandle {
  readonly id: string;
  readonly done: Promise<RunRecord>;
  cancel(reason?: string): void;
}

/** A saved workflow by id, or a document of the mod's own; `trigger` says what started it (`{ kind: 'schedule' }`). */
export interface ModRunRequest {
  workflowId?: string;
  workflow?: unknown;
  input?: unknown;
  trigger?: RunTrigger;
}

/**
 * Which saved workflows take work (serve routes, fire schedules, take events). The server keeps
 * it beside the documents; a paused workflow keeps its document and runs only when asked to.
 */
export interface WorkflowActivity {
  isActive(id: string): boolean;
  /** Calls back when a workflow is paused or resumed, on this server or another one. */
  subscribe(listener: (id: string, active: boolean) => void): () => void;
}

/** What of the engine a mod may use. */
export interface ModHost {
  /** Whether runs are accepted: false while the engine starts, and once it stops. */
  readonly started: boolean;
  /** Every loaded mod, the core mod first. */
  readonly mods: readonly ModDefinition[];
  catalog(): CatalogOp[];
  /** The closest op names, for "did you mean" messages. */
  suggestOps(name: string, count?: number): string[];
  /** The record of a run: live while it runs, else from history. */
  getRun(id: string): Promise<RunRecord | undefined>;
  /** Starts a run; refused with `unavailable` unless `started`, and with `rate_limited` when every place is taken. */
  startRun(request: ModRunRequest): RunHandle;
  /** The saved workflows, and their changes as they happen. */
  readonly workflows: {
    list(): WorkflowEntry[];
    subscribe(listener: (change: WorkflowChange) => void): () => void;
    /** False while the workflow is paused: a trigger then starts no run of it. */
    isActive(id: string): boolean;
    /** Calls back when a workflow is paused or resumed. */
    subscribeActive(listener: (id: string, active: boolean) => void): () => void;
  };
  /**
   * What the loaded mods contribute to the mod named `target`, with the name of each contributing
   * mod. Unchecked: the receiving mod parses it, since a mod written in JavaScript may hand anything.
   */
  contributions(target: string): Array<{ mod: string; value: unknown }>;
}

/** What a mod's services, hooks and routes are given. */
export interface ModContext {
  readonly mod: string;
  /** This mod's options from `pattern.config.json` (`options.<mod name>`). */
  readonly options: Record<string, unknown>;
  readonly dataDir: string | undefined;
  readonly databaseUrl: string | undefined;
  /** The server started in safe mode: start nothing that consumes work on its own (triggers, projections) until a person resumes it. */
  readonly safeMode: boolean;
  /** How deeply run values and stored data may nest (`limits.*` settings); a mod that stores data refuses deeper data. */
  readonly limits: Readonly<ValueLimits>;
  readonly services: Services;
  readonly log: Logger;
  readonly host: ModHost;
}

export interface ServiceSpec<T = unknown> {
  setup(ctx: ModContext): T | Promise<T>;
  teardown?(service: T): void | Promise<void>;
}

/** A web-standard app (a Hono app, in practice) whose routes the server mounts at the root. */
export interface RouteApp {
  fetch(request: Request, ...rest: never[]): Response | Promise<Response>;
}

/** What a mod serves over HTTP; the server mounts it. */
export interface ModHttp {
  routes?: (ctx: ModContext) => RouteApp;
  /** Paths of `POST` routes whose bodies the mod streams and limits itself (blob uploads); the server's body limit skips them. */
  streamingUploads?: string[];
  /** Paths outside `/api` (Hono patterns) that belong to the admin surface: with an admin token set, they need it too. */
  guardedPaths?: (ctx: ModContext) => string[];
  /** WebSocket endpoints at paths the mod decides while it runs (saved workflows' `ws.route`). At most one mod of a server has them. */
  webSockets?: (ctx: ModContext, server: WebSocketServerSide) => WebSocketEndpoints;
}

/**
 * A mod's WebSocket endpoints. The server offers them every upgrade request that is not for a path
 * Pattern serves itself, checks the admin token when an endpoint asks for it, and completes the
 * handshakes of those `accept` takes. Typed loosely, since core knows no HTTP: `server` is a `ws`
 * `WebSocketServer({ noServer: true })`, and `events` are Hono's `WSEvents` for one connection.
 */
export interface WebSocketEndpoints {
  readonly server: unknown;
  /** The endpoint serving `path`, if there is one. */
  match(path: string): { auth: boolean } | undefined;
  accept(upgrade: WebSocketUpgrade): { events: unknown } | { refused: { status: number; code: string; message: string; details?: unknown } };
}

/** What the server tells the mod serving WebSockets. */
export interface WebSocketServerSide {
  /** Why an endpoint may not take `path` (it is one Pattern serves itself), or undefined when it may. */
  routeRefusal(path: string): string | undefined;
}

export interface WebSocketUpgrade {
  /** The upgrade request, without Pattern's own credentials (its session cookie; the admin token once checked). */
  request: Request;
  /** The client's address, as the server believes it (`X-Forwarded-For` only behind a trusted proxy). */
  address: string;
  /** The `Origin` header, absent from clients other than browsers. */
  origin: string | undefined;
  /** The origin is the host the browser addressed. */
  sameOrigin: boolean;
  /** Aborts when the client's connection closes, whether or not the handshake completed. */
  gone: AbortSignal;
}

export interface ModHooks {
  onStart?(ctx: ModContext): void | Promise<void>;
  onStop?(ctx: ModContext): void | Promise<void>;
  /** Called exactly once per run, whatever ended it. */
  onRunSettle?(run: RunRecord, ctx: ModContext): void | Promise<void>;
}

export interface ModSpec {
  name: string;
  version: string;
  description?: string;
  ops?: OpDefinition[];
  services?: Record<string, ServiceSpec<unknown>>;
  hooks?: ModHooks;
  http?: ModHttp;
  /** Workflows the mod ships; shown in the editor read-only. */
  workflows?: WorkflowInput[];
  /** Absolute path of a folder of markdown chapters. */
  docs?: string;
  /** What this mod hands other mods, by their name: `{ store: { collections: [...] } }`, read by the store. */
  contributes?: ModContributionsSpec;
}

export type ModDefinition = Readonly<ModSpec>;

const MOD_NAME = /^[a-z][a-z0-9-]*$/;
const FIELDS = new Set(['name', 'version', 'description', 'ops', 'services', 'hooks', 'http', 'workflows', 'docs', 'contributes']);
/** Where the fields of older mods went; a mod written in JavaScript would otherwise lose them without a word. */
const MOVED: Record<string, string> = {
  routes: 'http.routes',
  streamingUploads: 'http.streamingUploads',
  guardedPaths: 'http.guardedPaths',
  collections: 'contributes.store.collections',
};

export function defineMod(spec: ModSpec): ModDefinition {
  if (!MOD_NAME.test(spec.name)) throw new Error(`mod name "${spec.name}" must be lower-case letters, digits and dashes`);
  for (const key of Object.keys(spec)) {
    if (FIELDS.has(key)) continue;
    const moved = MOVED[key];
    throw new Error(`mod ${spec.name}: "${key}" is not a field of a mod${moved ? `; it is now ${moved}` : ` (fields: ${[...FIELDS].join(', ')})`}`);
  }
  return Object.freeze({ ...spec });
}
