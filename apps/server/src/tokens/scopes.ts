import { z } from 'zod';

/** What a token may do; `admin` is everything, the admin token's and the signed-in session's own. */
export const SCOPES = ['workflows:read', 'workflows:write', 'runs:read', 'runs:write', 'data:read', 'data:write', 'secrets:write', 'admin'] as const;

export type Scope = (typeof SCOPES)[number];

export const ScopeSchema = z.enum(SCOPES);

/** Who a request comes from, once its credentials are checked. */
export type Grant = { kind: 'admin' } | { kind: 'token'; id: string; name: string; scopes: readonly Scope[] };

export const ADMIN_GRANT: Grant = { kind: 'admin' };

export function grantAllows(grant: Grant, scope: Scope): boolean {
  return grant.kind === 'admin' || grant.scopes.includes('admin') || grant.scopes.includes(scope);
}

declare module 'hono' {
  interface ContextVariableMap {
    /** Set by the admin guard; unset when the server runs without an admin token, where every request may do everything. */
    grant: Grant;
  }
}
