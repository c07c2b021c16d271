import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Services } from '@pattern/core';
import { startServer } from '@pattern/server';
import { loadSettings } from '../apps/server/src/settings.ts';
import { type BenchRow, type BenchSuite, QUICK, type Spread, spread } from './harness.ts';
import { root } from './processes.ts';

const COLLECTION = 'browse';
/** A fifth of the documents under `BENCH_QUICK`. */
const DOCUMENTS = QUICK ? 20_000 : 100_000;
const PAGE = 50;
/** The walk goes this far in: past nine tenths of the collection. */
const DEEP_OFFSET = (DOCUMENTS * 9) / 10;
const WRITE_BATCH = 500;
const SAMPLES = 60;
const TARGET_MS = 20;
const STATUSES = ['open', 'held', 'paid', 'shipped'];

const data = (i: number) => ({
  status: STATUSES[i % STATUSES.length],
  total: (i * 7919) % 100_000,
  customer: `c${i % 997}`,
  lines: [{ sku: `s${i % 31}`, qty: 1 + (i % 5) }],
});

/** One request in milliseconds, and the cursor of the next page. */
async function timed(url: string): Promise<{ ms: number; next: string | null }> {
  const start = performance.now();
  const response = await fetch(url);
  const body = (await response.json()) as { docs?: unknown[]; next?: string | null };
  const ms = performance.now() - start;
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  if (body.docs && body.docs.length === 0) throw new Error(`${url} returned an empty page`);
  return { ms, next: body.next ?? null };
}

/** `count` requests of the same page, after a warm-up. */
async function repeated(url: string, count = SAMPLES): Promise<Spread> {
  const times: number[] = [];
  for (let i = 0; i < count + 5; i++) {
    const { ms } = await timed(url);
    if (i >= 5) times.push(ms);
  }
  return spread(times);
}

/** Every page from the first to the one past `offset`, as a person clicking "next" gets them. */
async function walk(url: (cursor?: string) => string, offset: number): Promise<Spread & { totalMs: number }> {
  const times: number[] = [];
  let cursor: string | undefined;
  for (let seen = 0; seen <= offset; seen += PAGE) {
    const page = await timed(url(cursor));
    times.push(page.ms);
    if (!page.next) throw new Error('the collection ended before the deep page');
    cursor = page.next;
  }
  return { ...spread(times), totalMs: times.reduce((sum, ms) => sum + ms, 0) };
}

/**
 * The data browser's pages of a 100,000-document collection, as the browser asks for them over
 * HTTP from `npm start`'s server (so each figure is an upper bound on server time): the first
 * page, and every page of the walk to 90,000 documents, in id order and sorted by an index, each
 * against the same server's `GET /api/health` floor. Each page must come in 20 ms, at p99.
 */
export const dataBrowserBench: BenchSuite = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pattern-bench-browse-'));
  const settings = loadSettings({ PORT: '0', PATTERN_DATA_DIR: dir }, root);
  const server = await startServer({ settings, quiet: true, seed: false });
  try {
    const store = (server.engine.services as Services).get('store');
    await store.ensureCollection({ name: COLLECTION, indexes: ['status', 'total'] });
    for (let from = 0; from < DOCUMENTS; from += WRITE_BATCH) {
      await Promise.all(Array.from({ length: WRITE_BATCH }, (_, k) => store.put({ collection: COLLECTION, data: data(from + k) })));
    }

    const docs = (params: Record<string, string>) => (cursor?: string) =>
      `${server.url}/api/store/collections/${COLLECTION}/docs?${new URLSearchParams({ limit: String(PAGE), ...params, ...(cursor ? { cursor } : {}) })}`;

    const floor = await repeated(`${server.url}/api/health`);
    const row = (name: string, figure: Spread): BenchRow => ({
      group: 'data-browser',
      name,
      value: figure.median,
      p99: figure.p99,
      max: figure.max,
      unit: 'ms',
      baseline: floor.median,
      baselineName: 'GET /api/health',
      ratio: figure.median / floor.median,
      target: `p99 < ${TARGET_MS} ms`,
      met: figure.p99 < TARGET_MS,
    });
    const walkRows = (name: string, figure: Spread & { totalMs: number }): BenchRow[] => [
      row(`every page of the walk to ${DEEP_OFFSET.toLocaleString('en')} (${name})`, figure),
      {
        group: 'data-browser',
        name: `the whole walk to ${DEEP_OFFSET.toLocaleString('en')}, ${DEEP_OFFSET / PAGE + 1} pages (${name})`,
        value: figure.totalMs,
        unit: 'ms',
      },
    ];

    const byTotal = { orderBy: 'total', order: 'desc' } as const;
    return [
      row(`first page of ${DOCUMENTS.toLocaleString('en')} docs`, await repeated(docs({})())),
      ...walkRows('id order', await walk(docs({}), DEEP_OFFSET)),
      row('first page sorted by an index', await repeated(docs(byTotal)())),
      ...walkRows('sorted by an index', await walk(docs(byTotal), DEEP_OFFSET)),
      row('first page filtered on an index', await repeated(docs({ where: JSON.stringify({ status: 'paid' }) })())),
    ];
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
};
