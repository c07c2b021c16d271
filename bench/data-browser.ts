import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Services } from '@pattern/core';
import { storeMod } from '@pattern/mod-store';
import { startServer } from '@pattern/server';
import type { BenchRow, BenchSuite } from './harness.ts';

const COLLECTION = 'browse';
const DOCUMENTS = 100_000;
const PAGE = 50;
/** The deep page starts this far in: past nine tenths of the collection. */
const DEEP_OFFSET = 90_000;
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

/** The median time of `count` requests, in milliseconds, after a warm-up. */
async function medianMs(url: string, count = SAMPLES): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < count + 5; i++) {
    const start = performance.now();
    const response = await fetch(url);
    const body = (await response.json()) as { docs?: unknown[] };
    const elapsed = performance.now() - start;
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    if (body.docs && body.docs.length === 0) throw new Error(`${url} returned an empty page`);
    if (i >= 5) times.push(elapsed);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

/**
 * The data browser's pages of a 100,000-document collection, as the browser asks for them over HTTP
 * (so the figure is an upper bound on server time): the first page and one past 90,000 documents,
 * in id order and sorted by an index, each against the same server's `GET /api/health` floor.
 */
export const dataBrowserBench: BenchSuite = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pattern-bench-browse-'));
  const server = await startServer({
    mods: [storeMod],
    dataDir: dir,
    storage: 'sqlite',
    quiet: true,
    seed: false,
    modOptions: { store: { collections: [{ name: COLLECTION, indexes: ['status', 'total'] }] } },
  });
  try {
    const store = (server.engine.services as Services).get('store');
    for (let from = 0; from < DOCUMENTS; from += WRITE_BATCH) {
      await Promise.all(Array.from({ length: WRITE_BATCH }, (_, k) => store.put({ collection: COLLECTION, data: data(from + k) })));
    }

    /** The cursor the browser holds after paging to `offset`, found by walking the pages as it would. */
    const cursorAt = async (query: { orderBy?: string; order?: 'asc' | 'desc' }, offset: number) => {
      let cursor: string | undefined;
      for (let seen = 0; seen < offset; seen += 1000) {
        const page = await store.query({ collection: COLLECTION, ...query, limit: 1000, cursor });
        if (!page.next) throw new Error('the collection ended before the deep page');
        cursor = page.next;
      }
      return cursor as string;
    };
    const docs = (params: Record<string, string>) =>
      `${server.url}/api/store/collections/${COLLECTION}/docs?${new URLSearchParams({ limit: String(PAGE), ...params })}`;

    const floor = await medianMs(`${server.url}/api/health`);
    const row = (name: string, value: number): BenchRow => ({
      group: 'data-browser',
      name,
      value,
      unit: 'ms',
      baseline: floor,
      baselineName: 'GET /api/health',
      ratio: value / floor,
      target: `< ${TARGET_MS} ms`,
      met: value < TARGET_MS,
    });

    const byTotal = { orderBy: 'total', order: 'desc' } as const;
    return [
      row(`first page of ${DOCUMENTS.toLocaleString('en')} docs`, await medianMs(docs({}))),
      row(`page at ${DEEP_OFFSET.toLocaleString('en')} (id order)`, await medianMs(docs({ cursor: await cursorAt({}, DEEP_OFFSET) }))),
      row('first page sorted by an index', await medianMs(docs(byTotal))),
      row(
        `page at ${DEEP_OFFSET.toLocaleString('en')} sorted by an index`,
        await medianMs(docs({ ...byTotal, cursor: await cursorAt(byTotal, DEEP_OFFSET) })),
      ),
      row('first page filtered on an index', await medianMs(docs({ where: JSON.stringify({ status: 'paid' }) }))),
    ];
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
};
