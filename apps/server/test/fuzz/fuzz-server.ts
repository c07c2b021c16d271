import { Agent, request as httpRequest, METHODS } from 'node:http';
import type { Engine } from '@pattern/core';
import docsMod from '@pattern/mod-docs';
import eventStoreMod from '@pattern/mod-event-store';
import storeMod from '@pattern/mod-store';
import { tempDir } from '@pattern/testing';
import { testServer } from '@pattern/testing/server';
import fc from 'fast-check';
import { afterAll, beforeAll, expect } from 'vitest';
import type { PatternServer } from '../../src/index.ts';
import { type FuzzRequest, seeded } from './request-parts.ts';
import { requestsOf, type Template } from './route-templates.ts';
import { TOKEN } from './values.ts';
import { validWorkflow } from './workflows.ts';

/**
 * The fuzzed server: a real one on a real port, with SQLite underneath, seeded with a workflow,
 * a document, a blob, an event and a package for the requests to find. Each HTTP case is a batch
 * of requests sent at once, so the server also meets them concurrently.
 */

const BATCH = 8;
const agent = new Agent({ keepAlive: true, maxSockets: BATCH });
/** The server of this test file, once started by `useFuzzServer`. */
export const fuzzed = { server: undefined as unknown as PatternServer, engine: undefined as unknown as Engine, dataDir: '' };
/** What the file's cases sent and checked, for the check that the fuzzer reached far enough. */
export const seen = { requests: 0, validations: 0, statuses: new Map<number, number>() };

/** Starts and seeds the server before the file's cases, and stops it after them. */
export function useFuzzServer(): void {
  beforeAll(async () => {
    fuzzed.dataDir = tempDir('pattern-fuzz-');
    const server = await testServer({
      dataDir: fuzzed.dataDir,
      mods: [storeMod, eventStoreMod, docsMod],
      adminToken: TOKEN,
      runTimeoutMs: 3000,
    });
    fuzzed.server = server;
    fuzzed.engine = server.engine;
    const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const seed = async (method: string, path: string, payload?: unknown, type = 'application/json') => {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: { ...auth, 'content-type': type },
        ...(payload !== undefined ? { body: typeof payload === 'string' ? payload : JSON.stringify(payload) } : {}),
      });
      expect(res.status, `${method} ${path}: ${await res.clone().text()}`).toBeLessThan(300);
      return res.json().catch(() => null) as Promise<Record<string, any> | null>;
    };
    await seed('PUT', '/api/workflows/fuzz.seed', { ...validWorkflow(), id: 'fuzz.seed' });
    await seed('POST', '/api/workflows/fuzz.seed/versions', { note: 'first' });
    await seed('POST', '/api/store/collections', { name: 'fuzz', indexes: ['n'] });
    await seed('PUT', '/api/store/collections/fuzz/docs/doc-1', { n: 1 });
    const blob = await seed('POST', '/api/store/blobs', '<svg onload="alert(1)"/>', 'image/svg+xml');
    seeded.blobId = String(blob?.id);
    await seed('POST', '/api/ops/events.append/invoke', {
      inputs: { aggregateType: 'Order', aggregateId: 'o-1', events: [{ type: 'OrderPlaced', payload: { total: 1 } }] },
    });
    await seed('POST', '/api/packages', {
      manifest: { id: 'pkg', version: '1.0.0', name: 'Package' },
      workflows: [{ ...validWorkflow(), id: 'pkg.flow' }],
    });
  }, 60_000);

  afterAll(async () => {
    agent.destroy();
    await fuzzed.server?.stop();
  });
}

export interface FuzzResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** Why the client got no answer at all. */
  failure?: string;
}

export function send(req: FuzzRequest): Promise<FuzzResponse> {
  const url = new URL(fuzzed.server.url);
  // A large body goes on its own connection: the server may answer 413 before reading it all.
  const large = (req.body?.length ?? 0) > 64 * 1024;
  // Sign-in attempts and wrong bearer tokens come from many loopback addresses, as from many
  // clients: guesses from one address are slowed down on purpose, which would only slow the fuzzer.
  const guess = req.path.startsWith('/login') || (req.headers.authorization !== undefined && req.headers.authorization !== `Bearer ${TOKEN}`);
  const localAddress = guess
    ? `127.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`
    : undefined;
  // Node's client frames a body on DELETE or OPTIONS only when told its length.
  const headers = req.body === undefined ? req.headers : { ...req.headers, 'content-length': String(Buffer.byteLength(req.body)) };
  return new Promise((resolve) => {
    const outgoing = httpRequest(
      {
        agent: large || guess ? false : agent,
        host: '127.0.0.1',
        port: url.port,
        method: req.method,
        path: req.path,
        headers,
        timeout: 30_000,
        ...(localAddress ? { localAddress } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', (error) => resolve({ status: 0, headers: {}, body: Buffer.alloc(0), failure: error.message }));
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('no answer in 30 s')));
    outgoing.on('error', (error) => resolve({ status: 0, headers: {}, body: Buffer.alloc(0), failure: error.message }));
    outgoing.end(req.body);
  });
}

/** What must hold of every answer, whatever was asked. */
export function checkResponse(req: FuzzRequest, res: FuzzResponse): void {
  seen.requests++;
  seen.statuses.set(res.status, (seen.statuses.get(res.status) ?? 0) + 1);
  const where = `${req.method} ${req.path.slice(0, 200)} -> ${res.failure ?? res.status} ${res.body.toString().slice(0, 400)}`;
  // Node's HTTP parser refuses what it cannot parse (a method it does not know, a head over
  // 16 KiB) with a bare 400 or 431 and closes the connection, sometimes before the client has
  // finished sending: Pattern never sees such a request.
  if (!METHODS.includes(req.method)) {
    expect(res.failure ?? res.status, where).toSatisfy((s: unknown) => s === 400 || typeof s === 'string');
    return;
  }
  if (res.status === 431 && res.headers.connection === 'close' && res.body.length === 0) return;
  expect(res.failure, where).toBeUndefined();
  expect(res.status, where).toBeGreaterThanOrEqual(200);
  expect(res.status, where).toBeLessThan(500);
  const type = String(res.headers['content-type'] ?? '');
  if (res.status >= 400 && type.includes('application/json') && req.method !== 'HEAD') {
    const parsed = JSON.parse(res.body.toString()) as { error?: { code?: unknown; message?: unknown; details?: unknown } };
    expect(typeof parsed.error?.code, where).toBe('string');
    expect(typeof parsed.error?.message, where).toBe('string');
    expect(parsed.error && 'details' in parsed.error, where).toBe(true);
  }
  // Errors of the API and the store are JSON; pages (docs, login) and 416 without a body may be others.
  if (res.status >= 400 && res.status !== 416 && req.method !== 'HEAD' && /^\/(api|store)\//.test(req.path)) {
    expect(type, where).toContain('application/json');
  }
}

export const batchProperty = (templates: Template[]) =>
  fc.asyncProperty(fc.array(requestsOf(templates), { minLength: BATCH, maxLength: BATCH }), async (batch) => {
    const responses = await Promise.all(batch.map(send));
    batch.forEach((req, i) => {
      checkResponse(req, responses[i] as FuzzResponse);
    });
  });

// ---------------------------------------------------------------------------------------------
