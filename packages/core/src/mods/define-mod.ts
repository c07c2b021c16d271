import type { ValueLimits } from '../json/depth.ts';
import type { Logger } from '../logger.ts';
import type { OpDefinition } from '../ops/define-op.ts';
import type { Services } from '../ops/op-context.ts';
import type { Engine } from '../run/engine.ts';
import type { RunRecord } from '../run/record.ts';
import type { WorkflowInput } from '../workflow/schema.ts';

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
  readonly engine: Engine;
}

export interface ServiceSpec<T = unknown> {
  setup(ctx: ModContext): T | Promise<T>;
  teardown?(service: T): void | Promise<void>;
}

/** A web-standard app (a Hono app, in practice) whose routes the server mounts at the root. */
export interface RouteApp {
  fetch(request: Request, ...rest: never[]): Response | Promise<Response>;
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
  routes?: (ctx: ModContext) => RouteApp;
  /** Paths of `POST` routes whose bodies the mod streams and limits itself (blob uploads); the server's body limit skips them. */
  streamingUploads?: string[];
  /** Paths outside `/api` (Hono patterns) that belong to the admin surface: with an admin token set, they need it too. */
  guardedPaths?: (ctx: ModContext) => string[];
  /** Workflows the mod ships; shown in the editor read-only. */
  workflows?: WorkflowInput[];
  /** Absolute path of a folder of markdown chapters. */
  docs?: string;
  /** Collection declarations for the store (read by the store mod). */
  collections?: unknown[];
}

export type ModDefinition = Readonly<ModSpec>;

const MOD_NAME = /^[a-z][a-z0-9-]*$/;

export function defineMod(spec: ModSpec): ModDefinition {
  if (!MOD_NAME.test(spec.name)) throw new Error(`mod name "${spec.name}" must be lower-case letters, digits and dashes`);
  return Object.freeze({ ...spec });
}
