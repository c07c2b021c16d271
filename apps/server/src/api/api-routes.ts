import type { Engine } from '@pattern/core';
import { Hono } from 'hono';
import { packageRoutes } from '../packages/package-routes.ts';
import type { PackageStore } from '../packages/package-store.ts';
import { healthRoutes } from './health.ts';
import { opRoutes } from './ops.ts';
import { runRoutes } from './runs.ts';
import { workflowRoutes } from './workflows.ts';

export interface ApiRoutesOptions {
  engine: Engine;
  packages: PackageStore;
  version: string;
  /** Whether the admin token guards the API, as the health check reports it. */
  auth: boolean;
}

/** The server's own API, one chained app so that its type carries every route's input and answer. */
export function apiRoutes({ engine, packages, version, auth }: ApiRoutesOptions) {
  return new Hono()
    .route('/', healthRoutes(version, auth))
    .route('/', opRoutes(engine))
    .route('/', workflowRoutes(engine))
    .route('/', runRoutes(engine))
    .route('/', packageRoutes(engine, packages));
}
