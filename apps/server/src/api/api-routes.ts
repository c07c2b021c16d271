import type { Engine } from '@pattern/core';
import { Hono } from 'hono';
import { OpenApiDocument } from '../openapi/document.ts';
import { openApiRoutes } from '../openapi/openapi-routes.ts';
import { packageRoutes } from '../packages/package-routes.ts';
import type { PackageStore } from '../packages/package-store.ts';
import type { WorkflowControl } from '../schedules/workflow-control.ts';
import type { Secrets } from '../secrets/secrets.ts';
import type { Tokens } from '../tokens/tokens.ts';
import type { WorkflowSources } from '../workflow-files/workflow-folder.ts';
import { healthRoutes } from './health.ts';
import { opRoutes } from './ops.ts';
import { runRoutes } from './runs.ts';
import { secretRoutes } from './secrets.ts';
import { tokenRoutes } from './tokens.ts';
import { workflowStateRoutes } from './workflow-state.ts';
import { workflowTestRoutes } from './workflow-tests.ts';
import { workflowRoutes } from './workflows.ts';

export interface ApiRoutesOptions {
  engine: Engine;
  packages: PackageStore;
  secrets: Secrets;
  /** Scoped API tokens. */
  tokens: Tokens;
  /** Paused workflows and schedules. */
  control: WorkflowControl;
  version: string;
  /** Whether the admin token guards the API, as the health check reports it. */
  auth: boolean;
  /** Which workflows come from the `workflowsDir` folder. */
  workflowFiles?: WorkflowSources;
  /** The whole app, whose `/api` routes (mods' too) the OpenAPI document lists; without it, this API's alone. */
  app?: () => Hono;
}

/** The server's own API, one chained app so that its type carries every route's input and answer. */
export function apiRoutes({ engine, packages, secrets, tokens, control, version, auth, workflowFiles, app }: ApiRoutesOptions) {
  const api = new Hono()
    .route('/', healthRoutes(version, auth))
    .route('/', opRoutes(engine))
    .route('/', workflowRoutes(engine, control, workflowFiles))
    .route('/', workflowStateRoutes(control))
    .route('/', workflowTestRoutes(engine))
    .route('/', runRoutes(engine))
    .route('/', packageRoutes(engine, packages))
    .route('/', secretRoutes(secrets))
    .route('/', tokenRoutes(tokens));
  // The document describes the API by reading its routes, once, when first asked for.
  const document = new OpenApiDocument({ engine, isActive: (id) => control.isActive(id), admin: app ?? (() => api), version, auth });
  return api.route('/', openApiRoutes(document));
}
