import { tempDir } from '@pattern/testing';
import { type PatternServer, testServer } from '@pattern/testing/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeMod } from '../src/index.ts';
import type { Doc } from '../src/schemas.ts';
import { storeOf } from './helpers.ts';

/** More than two pages of the largest page size, so an export that stops after a page fails. */
const COUNT = 2_345;
const STATUSES = ['open', 'paid', 'held'];

let dir: string;
let server: PatternServer;

beforeAll(async () => {
  dir = tempDir();
  server = await testServer({
    mods: [storeMod],
    dataDir: dir,
    storage: 'sqlite',
    seed: false,
    modOptions: { store: { collections: [{ name: 'orders', indexes: ['status', 'total'] }] } },
  });
  const store = storeOf(server.engine);
  await Promise.all(
    Array.from({ length: COUNT }, (_, i) =>
      store.put({
        collection: 'orders',
        id: `o${String(i).padStart(5, '0')}`,
        data: { status: STATUSES[i % 3], total: i, note: i === 7 ? 'says "hi", then\nleaves' : `n${i}`, ...(i === COUNT - 1 ? { late: true } : {}) },
      }),
    ),
  );
});
afterAll(async () => {
  await server.stop();
});

const exportOf = (query: string) => fetch(`${server.url}/api/store/collections/orders/export?${query}`);

function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      cells.push(cell);
      cell = '';
    } else cell += char;
  }
  cells.push(cell);
  return cells;
}

/** CSV records split on CRLF outside quotes. */
function csvRecords(text: string): string[][] {
  const records: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') quoted = !quoted;
    if (!quoted && char === '\r' && text[i + 1] === '\n') {
      records.push(current);
      current = '';
      i++;
    } else current += char;
  }
  if (current !== '') records.push(current);
  return records.map(parseCsvLine);
}

describe('GET /api/store/collections/:name/export', () => {
  it('streams every document as JSON lines, past many pages, in id order', async () => {
    const response = await exportOf('format=jsonl');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/x-ndjson');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="orders.jsonl"');
    const lines = (await response.text()).trimEnd().split('\n');
    expect(lines).toHaveLength(COUNT);
    const docs = lines.map((line) => JSON.parse(line) as Doc);
    expect(docs.map((d) => d.id)).toEqual(Array.from({ length: COUNT }, (_, i) => `o${String(i).padStart(5, '0')}`));
    expect(docs[7]?.data.note).toBe('says "hi", then\nleaves');
  });

  it('exports only what the filter matches, in the order asked for', async () => {
    const where = encodeURIComponent(JSON.stringify({ status: 'paid', total: { gte: 100 } }));
    const response = await exportOf(`format=jsonl&where=${where}&orderBy=total&order=desc`);
    const docs = (await response.text())
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Doc);
    const expected = Array.from({ length: COUNT }, (_, i) => i)
      .filter((i) => i % 3 === 1 && i >= 100)
      .reverse();
    expect(docs.map((d) => d.data.total)).toEqual(expected);
  });

  it('writes CSV with a header naming every field, quoting what needs it', async () => {
    const response = await exportOf('format=csv');
    expect(response.headers.get('content-type')).toContain('text/csv');
    const records = csvRecords(await response.text());
    expect(records[0]).toEqual(['id', 'version', 'createdAt', 'updatedAt', 'status', 'total', 'note', 'late']);
    expect(records).toHaveLength(COUNT + 1);
    expect(records[8]?.slice(0, 2)).toEqual(['o00007', '1']);
    expect(records[8]?.slice(4)).toEqual(['paid', '7', 'says "hi", then\nleaves', '']);
    expect(records[COUNT]?.slice(-1)).toEqual(['true']);
  });

  it('limits CSV columns to the fields asked for', async () => {
    const records = csvRecords(await (await exportOf('format=csv&fields=total,status')).text());
    expect(records[0]).toEqual(['id', 'version', 'createdAt', 'updatedAt', 'total', 'status']);
    expect(records[1]?.slice(4)).toEqual(['0', 'open']);
    expect(records).toHaveLength(COUNT + 1);
  });

  it('answers a filter on an unindexed field, or a bad format, with a 4xx naming the field', async () => {
    const unindexed = await exportOf(`where=${encodeURIComponent('{"note":"x"}')}`);
    expect(unindexed.status).toBe(400);
    expect(((await unindexed.json()) as { error: { code: string } }).error.code).toBe('unindexed_field');
    const format = await exportOf('format=xml');
    expect(format.status).toBe(400);
    expect(((await format.json()) as { error: { details: { field: string } } }).error.details.field).toBe('format');
    const json = await exportOf('where=%7Bnope');
    expect(json.status).toBe(400);
  });
});
