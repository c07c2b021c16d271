import autocannon from 'autocannon';
import { type BenchSuite, windowMs } from './harness.ts';
import { type BenchServer, startPattern } from './processes.ts';

const CONNECTIONS = 32;
const ROUNDS = 3;

const greeting = (id: string, path: string, extra: Record<string, unknown>) => ({
  id,
  nodes: [
    { id: 'req', op: 'http.request', config: { method: 'GET', path, ...extra } },
    { id: 'greet', op: 'string.template', config: { template: 'Hello, {{ name }}!' } },
    { id: 'res', op: 'http.response', config: { status: 200 } },
  ],
  edges: [
    { from: { node: 'req', port: 'params' }, to: { node: 'greet', port: 'data' } },
    { from: { node: 'greet', port: 'text' }, to: { node: 'res', port: 'body' } },
  ],
});

const QUERY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: { lang: { enum: ['en', 'fr', 'de'] }, loud: { type: 'boolean' } },
};

const LINE = {
  type: 'object',
  required: ['sku', 'qty', 'price'],
  properties: { sku: { type: 'string', maxLength: 32 }, qty: { type: 'integer', minimum: 1 }, price: { type: 'number' }, note: { type: 'string' } },
};
const ORDER_SCHEMA = {
  type: 'object',
  required: ['customer', 'items'],
  properties: { customer: { type: 'string', format: 'email' }, items: { type: 'array', maxItems: 100, items: LINE } },
};

const echo = (id: string, path: string, extra: Record<string, unknown>) => ({
  id,
  nodes: [
    { id: 'req', op: 'http.request', config: { method: 'POST', path, ...extra } },
    { id: 'res', op: 'http.response', config: { status: 200 } },
  ],
  edges: [{ from: { node: 'req', port: 'body' }, to: { node: 'res', port: 'body' } }],
});

/** An order of about 2 KiB as JSON. */
function orderBody(): string {
  const items = Array.from({ length: 36 }, (_, i) => ({ sku: `sku-${i}`, qty: (i % 5) + 1, price: 9.5 + i, note: 'gift wrap' }));
  return JSON.stringify({ customer: 'ada@example.com', items });
}

async function rps(url: string, options: Partial<autocannon.Options>, ms: number): Promise<{ rps: number; failed: number }> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: ms / 1000, ...options });
  return { rps: result.requests.average, failed: result.errors + result.non2xx };
}

/** Rounds of both routes on one server, alternating so that drift in the machine's load hits both alike. */
async function compare(ours: () => Promise<{ rps: number; failed: number }>, plain: () => Promise<{ rps: number; failed: number }>) {
  await plain();
  await ours();
  let a = 0;
  let b = 0;
  let failed = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const p = await plain();
    const o = await ours();
    a += o.rps;
    b += p.rps;
    failed += o.failed + p.failed;
  }
  return { ours: a / ROUNDS, plain: b / ROUNDS, failed };
}

async function save(server: BenchServer, workflow: { id: string }): Promise<void> {
  const saved = await fetch(`${server.url}/api/workflows/${workflow.id}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(workflow),
  });
  if (!saved.ok) throw new Error(`saving ${workflow.id} failed: ${saved.status} ${await saved.text()}`);
}

/**
 * What a declared contract costs a route: the hello route with a query schema against the same
 * route without one, and a 2 KiB JSON body checked against its schema against the same body
 * unchecked. Both routes of a pair run on one Pattern, started as `npm start` starts it.
 */
export const typedRoutesBench: BenchSuite = async () => {
  const server = await startPattern();
  try {
    await save(server, greeting('bench.hello.plain', '/plain/hello/:name', {}));
    await save(server, greeting('bench.hello.typed', '/typed/hello/:name', { querySchema: QUERY_SCHEMA }));
    await save(server, echo('bench.order.plain', '/plain/orders', {}));
    await save(server, echo('bench.order.typed', '/typed/orders', { bodySchema: ORDER_SCHEMA }));
    const window = windowMs(3000);
    const hello = await compare(
      () => rps(`${server.url}/typed/hello/Ada?lang=en&loud=false`, {}, window),
      () => rps(`${server.url}/plain/hello/Ada?lang=en&loud=false`, {}, window),
    );
    const body = orderBody();
    const post = { method: 'POST' as const, headers: { 'content-type': 'application/json' }, body };
    const order = await compare(
      () => rps(`${server.url}/typed/orders`, post, window),
      () => rps(`${server.url}/plain/orders`, post, window),
    );
    const group = 'typed-routes';
    return [
      { group, name: 'hello, no query schema (baseline)', value: hello.plain, unit: 'req/s' },
      {
        group,
        name: `hello with a query schema (${hello.failed} failed requests)`,
        value: hello.ours,
        unit: 'req/s',
        baseline: hello.plain,
        baselineName: 'no schema',
        ratio: hello.ours / hello.plain,
        target: '≥ 95% of the route without a schema, no failures',
        met: hello.ours / hello.plain >= 0.95 && hello.failed === 0,
      },
      { group, name: `${Math.round(body.length / 1024)} KiB JSON body, unchecked (baseline)`, value: order.plain, unit: 'req/s' },
      {
        group,
        name: `${Math.round(body.length / 1024)} KiB JSON body checked by its schema (${order.failed} failed requests)`,
        value: order.ours,
        unit: 'req/s',
        baseline: order.plain,
        baselineName: 'unchecked',
        ratio: order.ours / order.plain,
      },
    ];
  } finally {
    await server.stop();
  }
};
