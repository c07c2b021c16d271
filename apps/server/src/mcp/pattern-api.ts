import { PatternError } from '@pattern/core';

/** Pattern's HTTP API as the MCP tools call it: in the server's own process, or over the network. */
export interface PatternApi {
  call<T = unknown>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T>;
  text(path: string): Promise<string>;
}

type Fetch = (request: Request) => Response | Promise<Response>;

/**
 * An API over `fetch` (the server's own app in process, or the network), sending the caller's
 * credentials, so every call meets the same guard and route scopes as any other client; an
 * error answer becomes its `PatternError`, the scope a token lacked included.
 */
export function patternApi(base: string, fetch: Fetch, headers: Record<string, string>): PatternApi {
  const send = async (method: string, path: string, body?: unknown): Promise<Response> => {
    try {
      return await fetch(
        new Request(new URL(path, base), {
          method,
          headers: { ...headers, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        }),
      );
    } catch (error) {
      throw new PatternError(
        'unavailable',
        `Cannot reach ${base}: ${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}`,
      );
    }
  };
  const refuse = async (response: Response, method: string, path: string): Promise<never> => {
    const parsed = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string; details?: unknown } } | null;
    const error = parsed?.error;
    throw new PatternError(error?.code ?? 'http_error', error?.message ?? `${method} ${path} answered ${response.status}`, error?.details ?? null);
  };
  return {
    async call<T>(method: string, path: string, body?: unknown): Promise<T> {
      const response = await send(method, path, body);
      if (!response.ok) return refuse(response, method, path);
      if (response.status === 204) return null as T;
      return (await response.json()) as T;
    },
    async text(path) {
      const response = await send('GET', path);
      if (!response.ok) return refuse(response, 'GET', path);
      return response.text();
    },
  };
}
