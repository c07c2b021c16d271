import { normalizePath, PathPattern } from '../http/path-pattern.ts';
import type { Scope } from './scopes.ts';

/**
 * What a route needs: a scope; `public` for none (the health check); `token` for any valid
 * credential, where the handler checks a scope per action (the MCP endpoint, per tool).
 */
export type RouteScope = Scope | 'public' | 'token';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Entry = readonly [method: Method | '*', path: string, scope: RouteScope | 'data'];

/**
 * Every guarded route and the scope it needs, the mods' routes too. A route served under `/api`
 * with no entry here fails `route-scopes.test.ts`; a request no entry covers needs `admin`. The
 * first entry that matches wins, so specific paths come before the wildcards below them. `data`
 * reads as `data:read` for GET and `data:write` for the rest.
 */
export const ROUTE_SCOPES: readonly Entry[] = [
  ['GET', '/api/health', 'public'],

  ['GET', '/api/tokens', 'admin'],
  ['POST', '/api/tokens', 'admin'],
  ['DELETE', '/api/tokens/:id', 'admin'],

  ['GET', '/api/openapi.json', 'workflows:read'],
  ['GET', '/api/ops', 'workflows:read'],
  ['GET', '/api/ops/:name', 'workflows:read'],
  ['POST', '/api/ops/:name/invoke', 'runs:write'],

  ['POST', '/api/workflows/validate', 'workflows:read'],
  ['POST', '/api/workflows/:id/tests/run', 'runs:write'],
  ['GET', '/api/workflows', 'workflows:read'],
  ['GET', '/api/workflows/*', 'workflows:read'],
  ['PUT', '/api/workflows/*', 'workflows:write'],
  ['POST', '/api/workflows/*', 'workflows:write'],
  ['DELETE', '/api/workflows/*', 'workflows:write'],

  ['GET', '/api/runs', 'runs:read'],
  ['GET', '/api/runs/*', 'runs:read'],
  ['POST', '/api/runs', 'runs:write'],
  ['POST', '/api/runs/*', 'runs:write'],

  ['GET', '/api/packages', 'workflows:read'],
  ['GET', '/api/packages/*', 'workflows:read'],
  ['POST', '/api/packages', 'workflows:write'],
  ['POST', '/api/packages/*', 'workflows:write'],
  ['DELETE', '/api/packages/*', 'workflows:write'],

  // Names only, but which secrets exist is for the admin; writing one needs no reading.
  ['GET', '/api/secrets', 'admin'],
  ['PUT', '/api/secrets/:name', 'secrets:write'],
  ['DELETE', '/api/secrets/:name', 'secrets:write'],

  ['GET', '/api/stats/loop', 'runs:read'],
  ['POST', '/api/stats/loop/reset', 'admin'],
  ['GET', '/api/realtime/connections', 'runs:read'],

  ['*', '/api/store/*', 'data'],
  ['*', '/store/blobs/:id', 'data'],
  ['*', '/api/events', 'data'],
  ['*', '/api/events/*', 'data'],
  ['*', '/api/aggregates/*', 'data'],

  // Checks that answer about a value without keeping or running anything.
  ['GET', '/api/http/check', 'workflows:read'],
  ['POST', '/api/code/check', 'workflows:read'],

  ['GET', '/metrics', 'runs:read'],
  ['*', '/mcp', 'token'],
];

interface Rule {
  method: string;
  test: RegExp;
  scope: RouteScope | 'data';
}

/** The table, compiled once per server: the scope of a request by its method and path, however the path is spelled. */
export class RouteScopes {
  private readonly rules: Rule[];

  constructor(entries: readonly Entry[] = ROUTE_SCOPES) {
    this.rules = entries.map(([method, path, scope]) => ({ method, test: new RegExp(`^${new PathPattern(path).source}$`), scope }));
  }

  /** The scope a request needs, or undefined when no entry covers it. */
  declared(method: string, path: string): RouteScope | undefined {
    const normalized = normalizePath(path);
    const wanted = method === 'HEAD' ? 'GET' : method;
    const rule = this.rules.find((r) => (r.method === '*' || r.method === wanted) && r.test.test(normalized));
    if (!rule) return undefined;
    if (rule.scope !== 'data') return rule.scope;
    return wanted === 'GET' || wanted === 'OPTIONS' ? 'data:read' : 'data:write';
  }

  /** What a request needs: its declared scope, else `admin`. */
  needed(method: string, path: string): RouteScope {
    return this.declared(method, path) ?? 'admin';
  }
}
