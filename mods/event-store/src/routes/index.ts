import { answers, JsonObjectSchema, type ModContext, PatternError, parseInput, parseJsonText } from '@pattern/core';
import { type Context, Hono } from 'hono';
import { DirectionParamSchema, PauseSchema, StoredEventSchema, WholeNumberParamSchema } from '../schemas.ts';
import type { EventStoreService } from '../service.ts';
import {
  AggregateSchema,
  CommandAnswerSchema,
  EventPageSchema,
  type ParkedList,
  ParkedListSchema,
  type RetryAnswer,
  RetryAnswerSchema,
  type StreamEvents,
  StreamEventsSchema,
  StreamPageSchema,
  type Subscription,
  type SubscriptionList,
  SubscriptionListSchema,
  SubscriptionSchema,
} from './answers.ts';

/** `?name=12`: a whole number, or a 400 naming the parameter. */
function intParam(c: Context, name: string): number | undefined {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return undefined;
  return parseInput(WholeNumberParamSchema, raw, name, { code: 'bad_request' });
}

/** `?types=A,B` or `?types=A&types=B`. */
function listParam(c: Context, name: string): string[] | undefined {
  const values = (c.req.queries(name) ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  return values.length ? values : undefined;
}

/** `?tag=product_id:p-1` (repeatable: every tag must match). */
function tagParam(c: Context): Record<string, string> | undefined {
  const raw = c.req.queries('tag');
  if (!raw?.length) return undefined;
  const tag: Record<string, string> = {};
  for (const entry of raw) {
    const split = entry.indexOf(':');
    if (split <= 0) throw new PatternError('bad_request', `tag: expected name:value, like product_id:p-1, got "${entry}"`, { field: 'tag' });
    tag[entry.slice(0, split)] = entry.slice(split + 1);
  }
  return tag;
}

function directionParam(c: Context): 'forward' | 'backward' | undefined {
  const raw = c.req.query('direction');
  if (raw === undefined || raw === '') return undefined;
  return parseInput(DirectionParamSchema, raw, 'direction', { code: 'bad_request' });
}

/** A JSON body; none at all is `{}`. */
async function jsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  return text.trim() === '' ? {} : parseJsonText(text, 'body');
}

/** The optional body of a pause: `{ "reason": "…" }`, shown with the paused trigger or projection. */
async function pauseReason(c: Context): Promise<string | undefined> {
  const body = parseInput(JsonObjectSchema, await jsonBody(c), 'body', { code: 'bad_request', whole: true });
  return parseInput(PauseSchema, body, 'body', { whole: true }).reason;
}

/** The event store's HTTP API, for the data browser and for clients. */
export function eventStoreRoutes(ctx: ModContext): Hono {
  const service = () => ctx.services.get<EventStoreService>('events');
  const app = new Hono();

  app.get('/api/events', answers(EventPageSchema), async (c) => {
    const tag = tagParam(c);
    const types = listParam(c, 'types');
    const after = intParam(c, 'after');
    const limit = intParam(c, 'limit');
    const direction = directionParam(c);
    const common = {
      ...(types ? { types } : {}),
      ...(after !== undefined ? { after } : {}),
      ...(limit !== undefined ? { limit } : {}),
      ...(direction ? { direction } : {}),
    };
    if (tag) {
      if (c.req.query('aggregateType') || c.req.query('correlationId')) {
        throw new PatternError('bad_request', 'tag cannot be combined with aggregateType or correlationId', { field: 'tag' });
      }
      return c.json(await service().query({ tag, ...common }));
    }
    const aggregateType = c.req.query('aggregateType') || undefined;
    const correlationId = c.req.query('correlationId') || undefined;
    return c.json(await service().readAll({ ...common, ...(aggregateType ? { aggregateType } : {}), ...(correlationId ? { correlationId } : {}) }));
  });

  app.get('/api/events/streams', answers(StreamPageSchema), async (c) => {
    const limit = intParam(c, 'limit');
    const prefix = c.req.query('prefix') || undefined;
    const cursor = c.req.query('cursor') || undefined;
    return c.json(
      await service().streams({ ...(prefix ? { prefix } : {}), ...(cursor ? { cursor } : {}), ...(limit !== undefined ? { limit } : {}) }),
    );
  });

  app.get('/api/events/streams/:type/:id', answers(StreamEventsSchema), async (c) => {
    const stream = { aggregateType: c.req.param('type'), aggregateId: c.req.param('id') };
    const version = await service().log.streamVersion(stream);
    if (version === 0)
      throw new PatternError('not_found', `There is no stream ${stream.aggregateType}/${stream.aggregateId}`, {
        type: stream.aggregateType,
        id: stream.aggregateId,
      });
    const from = intParam(c, 'from');
    const to = intParam(c, 'to');
    const limit = intParam(c, 'limit');
    const direction = directionParam(c);
    const events = await service().read(stream, {
      ...(from !== undefined ? { fromVersion: from } : {}),
      ...(to !== undefined ? { toVersion: to } : {}),
      ...(limit !== undefined ? { limit } : {}),
      ...(direction ? { direction } : {}),
    });
    return c.json({ type: stream.aggregateType, id: stream.aggregateId, version, events } satisfies StreamEvents);
  });

  app.get('/api/events/projections', answers(SubscriptionListSchema), async (c) =>
    c.json({ projections: await service().subscriptions(), safeMode: service().safeMode } satisfies SubscriptionList),
  );

  // Pausing and resuming answer with the subscription's status after the change.
  const subscription = answers(SubscriptionSchema);
  const status = (c: Context, changed: Subscription) => c.json(changed);
  app.post('/api/events/projections/:name/pause', subscription, async (c) =>
    status(c, await service().pauseProjection(c.req.param('name'), await pauseReason(c))),
  );
  app.post('/api/events/projections/:name/resume', subscription, async (c) => status(c, await service().resumeProjection(c.req.param('name'))));
  app.post('/api/events/triggers/:workflowId/pause', subscription, async (c) =>
    status(c, await service().pauseTrigger(c.req.param('workflowId'), await pauseReason(c))),
  );
  app.post('/api/events/triggers/:workflowId/resume', subscription, async (c) => status(c, await service().resumeTrigger(c.req.param('workflowId'))));

  app.get('/api/events/parked', answers(ParkedListSchema), async (c) => {
    const consumer = c.req.query('consumer') || undefined;
    return c.json({ parked: await service().listParked(consumer) } satisfies ParkedList);
  });

  app.post('/api/events/parked/:id/retry', answers(RetryAnswerSchema), async (c) => {
    const { ok, run } = await service().retryParked(c.req.param('id'));
    return c.json({ ok, runId: run.id, status: run.status, ...(run.error ? { error: run.error } : {}) } satisfies RetryAnswer);
  });

  app.get('/api/events/:id', answers(StoredEventSchema), async (c) => c.json(await service().getEvent(c.req.param('id'))));

  app.get('/api/aggregates/:type/:id', answers(AggregateSchema), async (c) => {
    const asOfVersion = intParam(c, 'asOfVersion');
    const type = c.req.param('type');
    const id = c.req.param('id');
    const loaded = await service().load(type, id, asOfVersion !== undefined ? { asOfVersion } : {});
    return c.json({ type, id, ...loaded });
  });

  app.post('/api/aggregates/:type/:id/commands/:command', answers(CommandAnswerSchema), async (c) => {
    const type = c.req.param('type');
    const id = c.req.param('id');
    const result = await service().execute(type, id, c.req.param('command'), await jsonBody(c), { metadata: { createdBy: 'api' } });
    // A refusal (`domain_error`) or a lost race (`conflict`) answers with the state the decision was made on.
    if (!result.ok) {
      throw new PatternError(result.error.code, result.error.message, {
        ...(result.error.details as object | null),
        state: result.state,
        version: result.version,
      });
    }
    return c.json({ type, id, ...result });
  });

  return app;
}
