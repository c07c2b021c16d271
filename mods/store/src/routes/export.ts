import { Hono } from 'hono';
import { z } from 'zod';
import { type Doc, MAX_QUERY_LIMIT, type QueryInput } from '../schemas.ts';
import type { StoreService } from '../service.ts';
import { jsonQueryParam, OrderParam, queryParam } from './query-params.ts';

const FormatParam = z.enum(['jsonl', 'csv'], 'expected "jsonl" or "csv"');
const BUILT_IN_COLUMNS = ['id', 'version', 'createdAt', 'updatedAt'] as const;

/** Every document the query matches, a page at a time: memory stays at one page whatever the collection's size. */
async function* allPages(store: StoreService, query: QueryInput, first: { docs: Doc[]; next: string | null }): AsyncGenerator<Doc[]> {
  let page = first;
  yield page.docs;
  while (page.next) {
    page = await store.query({ ...query, cursor: page.next });
    yield page.docs;
  }
}

function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvRow(doc: Doc, fields: readonly string[]): string {
  const builtIns = [doc.id, doc.version, doc.createdAt, doc.updatedAt];
  return `${[...builtIns, ...fields.map((field) => doc.data[field])].map(csvCell).join(',')}\r\n`;
}

/** The data fields of every matching document, in first-seen order: a CSV header must name them all before the first row. */
async function allFields(store: StoreService, query: QueryInput, first: { docs: Doc[]; next: string | null }): Promise<string[]> {
  const fields = new Set<string>();
  for await (const docs of allPages(store, query, first)) for (const doc of docs) for (const key of Object.keys(doc.data)) fields.add(key);
  return [...fields];
}

/**
 * `GET /api/store/collections/:name/export?format=jsonl|csv&where&orderBy&order&fields`: the documents a
 * filter matches, streamed page by page through cursors, never truncated. CSV columns are the built-ins
 * then `fields` (comma-separated), or every top-level field the documents have when `fields` is absent.
 */
export function exportRoutes(store: () => StoreService): Hono {
  const app = new Hono();
  app.get('/api/store/collections/:name/export', async (c) => {
    const collection = c.req.param('name');
    const format = queryParam(c, 'format', FormatParam) ?? 'jsonl';
    const query: QueryInput = {
      collection,
      where: jsonQueryParam(c, 'where') as QueryInput['where'],
      orderBy: c.req.query('orderBy') || undefined,
      order: queryParam(c, 'order', OrderParam),
      limit: MAX_QUERY_LIMIT,
    };
    const service = store();
    // The first page is read before the response starts, so a bad filter is a 4xx with its reason, not a cut stream.
    const first = await service.query(query);
    const requested = (c.req.query('fields') || undefined)?.split(',').map((field) => field.trim());
    const fields =
      format === 'csv'
        ? (requested?.filter((field) => field !== '' && !(BUILT_IN_COLUMNS as readonly string[]).includes(field)) ??
          (await allFields(service, query, first)))
        : [];
    const pages = allPages(service, query, first);
    const encoder = new TextEncoder();
    let headerSent = format !== 'csv';
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(encoder.encode(`${[...BUILT_IN_COLUMNS, ...fields].map(csvCell).join(',')}\r\n`));
          return;
        }
        const next = await pages.next();
        if (next.done) {
          controller.close();
          return;
        }
        const lines = next.value.map((doc) => (format === 'csv' ? csvRow(doc, fields) : `${JSON.stringify(doc)}\n`));
        controller.enqueue(encoder.encode(lines.join('')));
      },
      async cancel() {
        await pages.return(undefined);
      },
    });
    return new Response(body, {
      headers: {
        'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
        'Content-Disposition': `attachment; filename="${collection}.${format}"`,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });
  return app;
}
