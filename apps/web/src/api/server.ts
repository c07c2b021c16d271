import type { ApiApp } from '@pattern/server/api-type';
import { hc } from 'hono/client';
import { reach } from './client.ts';

/**
 * The server's API, typed from its routes. Path parameters go in as they are, so callers encode
 * them (`param: { id: encodeURIComponent(id) }`), as the server decodes them.
 */
export const server = hc<ApiApp>('/', { fetch: reach, headers: { accept: 'application/json' } });
