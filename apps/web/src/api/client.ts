import type { ErrorAnswer } from '@pattern/server/api-type';
import type { ClientResponse } from 'hono/client';
import { signInAgain } from './auth.ts';

/** An error the server answered with, in its `{ error: { code, message, details } }` shape. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details: unknown) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** `fetch` for every call of the web app: a server that cannot be reached is an `ApiError` like any other. */
export async function reach(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(input, init);
  } catch (error) {
    if (init?.signal?.aborted) throw error;
    throw new ApiError(0, 'unreachable', 'The Pattern server cannot be reached. Is it running?', null);
  }
}

/** The JSON body of a successful answer (none for 204); any other answer becomes an `ApiError`. */
async function bodyOf(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    // A proxy or a crashed server may answer something else, so every part may be missing.
    const error = (body as { error?: Partial<ErrorAnswer['error']> } | undefined)?.error;
    if (response.status === 401 && error?.code === 'unauthorized') signInAgain();
    throw new ApiError(
      response.status,
      error?.code ?? 'http_error',
      error?.message ?? `The server answered ${response.status} ${response.statusText}`,
      error?.details ?? null,
    );
  }
  return body;
}

type Answer<R> = R extends ClientResponse<infer T, infer _Status, infer _Format> ? T : never;

/** Awaits a call of the typed client (`server.api...$get()`) and hands back its body, typed by the route. */
export async function answer<R extends ClientResponse<unknown, number, string>>(call: Promise<R>): Promise<Answer<R>> {
  return (await bodyOf(await call)) as Answer<R>;
}

/** A call of a mod's route, which the server's API type does not describe. */
export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; signal?: AbortSignal; headers?: Record<string, string> } = {},
): Promise<T> {
  const response = await reach(path, {
    method: init.method ?? 'GET',
    headers: { accept: 'application/json', ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
  });
  return (await bodyOf(response)) as T;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
