import type { InferResponseType } from 'hono/client';
import { answer } from '../api/client.ts';
import { server } from '../api/server.ts';

const tokens = server.api.tokens;

/** A token as the API lists it: name, scopes and times, never its text. */
export type TokenListing = InferResponseType<typeof tokens.$get>['tokens'][number];
export type Scope = TokenListing['scopes'][number];

/** Each scope as a person reads it, in the order the dialog offers them. */
export const SCOPE_TEXT: Record<Scope, string> = {
  'workflows:read': 'Read workflows, versions and the op catalog',
  'workflows:write': 'Save, activate, pause and delete workflows; install packages',
  'runs:read': 'Read run history, stream a run’s events, scrape /metrics',
  'runs:write': 'Start and cancel runs, invoke ops, run workflow tests',
  'data:read': 'Read documents, blobs, leases, event streams and projections',
  'data:write': 'Write documents, blobs, leases and events; pause projections',
  'secrets:write': 'Add, replace and delete secrets (never read them)',
  admin: 'Everything, including tokens and the list of secrets',
};

export const SCOPES = Object.keys(SCOPE_TEXT) as Scope[];

export const tokenEndpoints = {
  list: async () => (await answer(tokens.$get())).tokens,
  create: (name: string, scopes: Scope[], expiresAt: string | null) => answer(tokens.$post({ json: { name, scopes, expiresAt } })),
  revoke: (id: string) => answer(tokens[':id'].$delete({ param: { id: encodeURIComponent(id) } })),
};

/** The expiry choices the dialog offers, in days; none for a token that lasts until revoked. */
export const EXPIRY_DAYS = [7, 30, 90, 365] as const;

export function expiryFrom(days: number | null, now = Date.now()): string | null {
  return days === null ? null : new Date(now + days * 86_400_000).toISOString();
}
