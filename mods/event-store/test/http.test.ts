import { type PatternServer, testServer } from '@pattern/testing/server';
import { afterEach, describe, expect, it } from 'vitest';
import { mailerAggregate, welcomeWorkflow } from '../examples/mailer.ts';
import { orderAggregate } from '../examples/orders.ts';
import { eventStoreMod } from '../src/index.ts';
import { waitFor } from './harness.ts';

let server: PatternServer | undefined;

afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function start(): Promise<PatternServer> {
  server = await testServer({
    mods: [eventStoreMod({ aggregates: [orderAggregate, mailerAggregate] })],
    storage: 'sqlite',
    seed: false,
    modOptions: { 'event-store': { retryDelayMs: 5, pollMs: 50 } },
  });
  return server;
}

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server?.url}${path}`, {
    method,
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
  });
  return { status: response.status, body: await response.json() };
}

describe('HTTP API', () => {
  it('executes commands and reads aggregates, streams and events', async () => {
    await start();
    const placed = await call('POST', '/api/aggregates/Order/o-1/commands/place', { customerId: 'c-7', items: [{ sku: 'tea', price: 4 }] });
    expect(placed).toMatchObject({ status: 200, body: { ok: true, version: 1, type: 'Order', id: 'o-1', state: { status: 'placed' } } });
    expect((await call('POST', '/api/aggregates/Order/o-1/commands/cancel', {})).status).toBe(200);
    const refused = await call('POST', '/api/aggregates/Order/o-1/commands/ship', {});
    expect(refused).toMatchObject({
      status: 422,
      body: { error: { code: 'domain_error', message: 'Order o-1 was cancelled and cannot be shipped', details: { version: 2 } } },
    });
    expect((await call('POST', '/api/aggregates/Order/o-1/commands/fly', {})).body.error).toMatchObject({
      code: 'not_found',
      details: { field: 'command' },
    });
    expect((await call('POST', '/api/aggregates/Order/o-1/commands/place', '{nope')).body.error.code).toBe('invalid_json');

    expect((await call('GET', '/api/aggregates/Order/o-1?asOfVersion=1')).body).toMatchObject({ version: 1, state: { status: 'placed' } });
    expect((await call('GET', '/api/aggregates/Order/o-1')).body).toMatchObject({ version: 2, found: true, state: { status: 'cancelled' } });
    expect(await call('GET', '/api/aggregates/Order/o-1?asOfVersion=x')).toMatchObject({
      status: 400,
      body: { error: { code: 'bad_request', details: { field: 'asOfVersion' } } },
    });
    expect((await call('GET', '/api/aggregates/Nope/o-1')).status).toBe(404);

    const stream = await call('GET', '/api/events/streams/Order/o-1?from=2');
    expect(stream.body).toMatchObject({ type: 'Order', id: 'o-1', version: 2 });
    expect(stream.body.events.map((e: { type: string }) => e.type)).toEqual(['OrderCancelled']);
    expect(stream.body.events[0].metadata).toMatchObject({ createdBy: 'api' });
    expect((await call('GET', '/api/events/streams/Order/o-404')).status).toBe(404);

    await call('POST', '/api/aggregates/Order/o-2/commands/place', { customerId: 'c-8', items: [] });
    const streams = await call('GET', '/api/events/streams?prefix=Order/&limit=1');
    expect(streams.body.streams).toMatchObject([{ type: 'Order', id: 'o-1', version: 2 }]);
    const rest = await call('GET', `/api/events/streams?prefix=Order/&limit=1&cursor=${encodeURIComponent(streams.body.next)}`);
    expect(rest.body).toMatchObject({ streams: [{ id: 'o-2', version: 1 }], next: null });

    const byTag = await call('GET', '/api/events?tag=customerId:c-7');
    expect(byTag.body.events.map((e: { type: string }) => e.type)).toEqual(['OrderPlaced']);
    const placedOnly = await call('GET', '/api/events?types=OrderPlaced&aggregateType=Order&limit=1');
    expect(placedOnly.body).toMatchObject({ events: [{ aggregateId: 'o-1' }], next: 1 });
    expect((await call('GET', '/api/events?types=OrderPlaced&after=1')).body.events.map((e: { aggregateId: string }) => e.aggregateId)).toEqual([
      'o-2',
    ]);
    const one = await call('GET', `/api/events/${placedOnly.body.events[0].id}`);
    expect(one.body).toMatchObject({ type: 'OrderPlaced', position: 1 });
    expect((await call('GET', '/api/events?after=-1')).body.error).toMatchObject({ code: 'bad_request', details: { field: 'after' } });
    expect((await call('GET', '/api/events?tag=name:x')).status).toBe(422);
    expect((await call('GET', '/api/events?limit=5000')).body.error).toMatchObject({ code: 'validation_failed', details: { field: 'limit' } });
    expect((await call('GET', '/api/events/01NOPE')).status).toBe(404);
  });

  it('shows event-triggered workflows with their status, lists parked events and retries them', async () => {
    await start();
    const failing = {
      name: 'Always fails',
      nodes: [
        { id: 'on', op: 'events.on', config: { types: ['UserSignedUp'] } },
        { id: 'fail', op: 'flow.fail', config: { message: 'mail server down' } },
      ],
      edges: [],
    };
    expect((await call('PUT', '/api/workflows/broken', failing)).status).toBe(201);
    expect((await call('PUT', '/api/workflows/welcome', welcomeWorkflow)).status).toBe(201);
    const appended = await call('POST', '/api/ops/events.append/invoke', {
      inputs: { aggregateType: 'User', aggregateId: 'u-1', events: [{ type: 'UserSignedUp', payload: { userId: 'u-1', email: 'ada@example.com' } }] },
    });
    expect(appended.body.status).toBe('ok');

    const parked = await waitFor(async () => {
      const list = (await call('GET', '/api/events/parked')).body.parked;
      return list.length > 0 ? list : undefined;
    }, 'a parked event');
    expect(parked).toMatchObject([{ consumer: 'workflow:broken', attempts: 4, error: { code: 'failed', message: 'mail server down' } }]);
    const projections = await call('GET', '/api/events/projections');
    expect(projections.body.projections.map((p: { name: string }) => p.name).sort()).toEqual(['workflow:broken', 'workflow:welcome']);
    expect(projections.body.projections.every((p: { caughtUp: boolean; kind: string }) => p.kind === 'workflow')).toBe(true);
    const mailer = await waitFor(async () => {
      const r = await call('GET', '/api/aggregates/Mailer/u-1');
      return r.body.version === 1 ? r.body : undefined;
    }, 'the welcome email');
    expect(mailer.state).toEqual({ sent: ['ada@example.com'] });

    const retry = await call('POST', `/api/events/parked/${encodeURIComponent(parked[0].id)}/retry`);
    expect(retry.body).toMatchObject({ ok: false, status: 'error', error: { message: 'mail server down' } });
    expect((await call('GET', '/api/events/parked')).body.parked[0].attempts).toBe(5);
    expect((await call('POST', '/api/events/parked/nope/retry')).status).toBe(404);
  });
});
