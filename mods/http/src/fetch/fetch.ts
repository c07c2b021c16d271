import type { IncomingMessage } from 'node:http';
import { PatternError } from '@pattern/core';
import type { AllowList } from '../addresses/allow-list.ts';
import type { FetchAnswer, FetchRequest } from '../schemas.ts';
import type { Agents } from './agents.ts';
import { pinTarget } from './pinned-target.ts';
import { readBody, sendHop } from './send.ts';

export const MAX_REDIRECTS = 10;

/** What a request goes out through: the rule on addresses, and the connection pools. */
export interface Network {
  allow: AllowList;
  agents: Agents;
}

/** Headers a cross-origin redirect drops, as browsers do, so credentials for one host never reach another. */
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

/**
 * One outbound request: every hop's address is checked and pinned, redirects are followed here
 * (at most `MAX_REDIRECTS`), the body is read up to `maxBytes`. A non-2xx answer is a value; a
 * timeout, an unreachable host or an oversized answer is thrown with its code.
 */
export async function fetchChecked(request: FetchRequest, net: Network, runSignal: AbortSignal): Promise<FetchAnswer> {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = AbortSignal.any([runSignal, timeout]);
  try {
    return await follow(request, net, signal);
  } catch (error) {
    if (runSignal.aborted) throw runSignal.reason;
    if (timeout.aborted) {
      throw new PatternError('timeout', `The request took longer than timeoutMs (${request.timeoutMs} ms) and was stopped`, {
        timeoutMs: request.timeoutMs,
      });
    }
    throw error;
  }
}

async function follow(request: FetchRequest, net: Network, signal: AbortSignal): Promise<FetchAnswer> {
  let url = targetUrl(request.url, request.query);
  let method = request.method;
  let headers = outgoingHeaders(request);
  let body = encodeBody(request.body, headers);
  for (let hop = 0; ; hop++) {
    const target = await pinTarget(url, net.allow);
    const response = await sendHop({ url, agent: net.agents.for(url, target), method, headers, body, target, signal });
    const location = response.headers.location;
    if (!isRedirect(response.statusCode ?? 0) || location === undefined) return answer(response, request.maxBytes, url, signal);
    response.resume();
    if (hop >= MAX_REDIRECTS) {
      throw new PatternError('too_many_redirects', `${request.url} redirected more than ${MAX_REDIRECTS} times`, { maxRedirects: MAX_REDIRECTS });
    }
    const next = redirectUrl(location, url);
    const status = response.statusCode ?? 0;
    if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
      method = method === 'HEAD' ? 'HEAD' : 'GET';
      body = undefined;
      headers = withoutKeys(headers, ['content-type', 'content-length']);
    }
    if (next.origin !== url.origin) headers = withoutKeys(headers, CREDENTIAL_HEADERS);
    url = next;
  }
}

export function targetUrl(text: string, query: FetchRequest['query']): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new PatternError('invalid_input', `url: "${text}" is not an absolute URL`, { field: 'url' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new PatternError('invalid_input', `url: http.fetch speaks http and https, not ${url.protocol}`, { field: 'url' });
  }
  for (const [key, value] of Object.entries(query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(item));
  }
  return url;
}

function redirectUrl(location: string, base: URL): URL {
  const next = new URL(location, base);
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    throw new PatternError('invalid_redirect', `${base.host} redirected to ${next.protocol}, which http.fetch does not follow`, { location });
  }
  return next;
}

function outgoingHeaders(request: FetchRequest): Record<string, string> {
  const headers: Record<string, string> = { 'accept-encoding': 'gzip, deflate, br', 'user-agent': 'Pattern http.fetch' };
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
  return headers;
}

/** An object or array goes as JSON, a string as text; either gets a content type unless one was given. */
function encodeBody(body: unknown, headers: Record<string, string>): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') {
    headers['content-type'] ??= 'text/plain; charset=utf-8';
    return Buffer.from(body, 'utf8');
  }
  headers['content-type'] ??= 'application/json';
  return Buffer.from(JSON.stringify(body), 'utf8');
}

async function answer(response: IncomingMessage, maxBytes: number, url: URL, signal: AbortSignal): Promise<FetchAnswer> {
  const status = response.statusCode ?? 0;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const bytes = await readBody(response, maxBytes, url, signal);
  return { ok: status >= 200 && status < 300, status, headers, body: decodeBody(bytes, headers['content-type'], url) };
}

function decodeBody(bytes: Buffer, contentType: string | undefined, url: URL): unknown {
  const text = bytes.toString('utf8');
  if (!isJson(contentType) || text.trim() === '') return text;
  try {
    return JSON.parse(text);
  } catch {
    throw new PatternError('invalid_json', `${url.host} said its answer is JSON, but it does not parse`, { contentType: contentType ?? null });
  }
}

function isJson(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || type.endsWith('+json');
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

function withoutKeys(headers: Record<string, string>, keys: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !keys.includes(name)));
}
