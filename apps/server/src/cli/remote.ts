import { PatternError } from '@pattern/core';

export interface Remote {
  get<T>(path: string): Promise<T>;
  send<T>(method: 'POST' | 'PUT', path: string, body: unknown): Promise<T>;
}

/** The API of a running server, authorised with `PATTERN_ADMIN_TOKEN` when it is set; an error answer becomes its `PatternError`. */
export function remote(base: string, token = process.env.PATTERN_ADMIN_TOKEN): Remote {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new PatternError('bad_request', `--server must be a URL like http://localhost:3000, not "${base}"`);
  }
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(new URL(path, url), { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    } catch (error) {
      throw new PatternError(
        'unavailable',
        `Cannot reach ${url.origin}: ${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}`,
      );
    }
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as unknown) : null;
    if (!response.ok) {
      const error = (parsed as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
      throw new PatternError(error?.code ?? 'http_error', error?.message ?? `${method} ${path} answered ${response.status}`, error?.details);
    }
    return parsed as T;
  };
  return { get: (path) => call('GET', path), send: (method, path, body) => call(method, path, body) };
}
