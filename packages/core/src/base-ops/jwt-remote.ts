import { createRemoteJWKSet, customFetch, type JWTVerifyGetKey } from 'jose';
import { PatternError } from '../errors.ts';
import type { Services } from '../ops/op-context.ts';

/** The part of the http mod's service a key set needs; core names it here, since it cannot import a mod. */
interface OutboundHttp {
  fetch(
    request: { url: string; method: string; headers: Record<string, string>; timeoutMs: number; maxBytes: number },
    signal: AbortSignal,
  ): Promise<{ status: number; headers: Record<string, string>; body: unknown }>;
}

const TIMEOUT_MS = 5000;
const MAX_BYTES = 512 * 1024;

/**
 * A JWK set fetched from `url` through the http mod, so the address rules `http.fetch` obeys
 * (no loopback, private or metadata addresses unless allowed) hold for key sets too. jose keeps
 * the keys it fetched and refetches when a token names a key it does not have (at most every
 * 30 seconds), so the set lives as long as the compiled node.
 */
export function remoteKeySet(url: URL, services: Services): JWTVerifyGetKey {
  return createRemoteJWKSet(url, {
    timeoutDuration: TIMEOUT_MS,
    [customFetch]: async (resource, options) => {
      const http = services.get<OutboundHttp>('http');
      const headers = Object.fromEntries(options.headers.entries());
      const answer = await http.fetch({ url: resource, method: 'GET', headers, timeoutMs: TIMEOUT_MS, maxBytes: MAX_BYTES }, options.signal);
      const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? null);
      if (answer.status !== 200)
        throw new PatternError('key_set_unavailable', `The key set at ${resource} answered ${answer.status}.`, { field: 'jwksUrl' });
      return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
    },
  });
}
