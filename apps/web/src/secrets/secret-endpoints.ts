import type { InferResponseType } from 'hono/client';
import { answer } from '../api/client.ts';
import { server } from '../api/server.ts';

const secrets = server.api.secrets;
const one = secrets[':name'];

/** A secret as the API lists it: its name and times, never its value. */
export type SecretListing = InferResponseType<typeof secrets.$get>['secrets'][number];

/** Letters, digits, `_`, `.` and `-`, starting with a letter or `_`; 128 at most (the server's rule). */
export const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/;
export const MAX_SECRET_BYTES = 64 * 1024;

const param = (name: string) => ({ param: { name: encodeURIComponent(name) } });

export const secretEndpoints = {
  list: async () => (await answer(secrets.$get())).secrets,
  put: (name: string, value: string) => answer(one.$put({ ...param(name), json: { value } })),
  remove: (name: string) => answer(one.$delete(param(name))),
};

/** What a node's config holds where it uses a secret. */
export interface SecretRef {
  $secret: string;
}

export function isSecretRef(value: unknown): value is SecretRef {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === '$secret' && typeof (value as SecretRef).$secret === 'string';
}
