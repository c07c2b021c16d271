import { describe, expect, it } from 'vitest';
import { ulidFactory } from '../src/ids/ulid-factory.ts';
import { createMemoryRunStore, type RunRecord } from '../src/index.ts';

const record = (id: string, status: RunRecord['status']): RunRecord => ({
  id,
  trigger: { kind: 'api' },
  status,
  input: null,
  startedAt: '',
  nodes: {},
});

describe('history in memory', () => {
  it('keeps the newest `keep` runs by their first record: a later record replaces the earlier in place', async () => {
    const runs = createMemoryRunStore({ keep: 3 });
    await runs.save(record('a', 'running'));
    await runs.save(record('b', 'running'));
    await runs.save(record('c', 'running'));
    await runs.save(record('a', 'ok'));
    expect((await runs.get('a'))?.status).toBe('ok');
    await runs.save(record('d', 'ok'));
    expect(await runs.get('a')).toBeUndefined();
    for (let i = 0; i < 20; i++) await runs.save(record(`e${i}`, 'ok'));
    const { runs: kept } = await runs.list({ limit: 10 });
    expect(kept.map((r) => r.id).sort()).toEqual(['e17', 'e18', 'e19']);
  });
});

describe('history in memory, within its bytes', () => {
  const big = (id: string, status: RunRecord['status'], units: number): RunRecord => ({
    ...record(id, status),
    nodes: { n: { status: 'ok', outputs: { text: 'x'.repeat(units) } } },
  });

  it('lets the oldest runs go once their values pass `maxBytes`, however few are kept', async () => {
    const runs = createMemoryRunStore({ keep: 1000, maxBytes: 100_000 });
    for (let i = 0; i < 10; i++) await runs.save(big(`r${i}`, 'ok', 30_000));
    const { runs: kept } = await runs.list({ limit: 100 });
    expect(kept.map((r) => r.id).sort()).toEqual(['r7', 'r8', 'r9']);
    for (let i = 0; i < 50; i++) await runs.save(record(`s${i}`, 'ok'));
    expect((await runs.list({ limit: 100 })).runs).toHaveLength(53);
  });

  it('counts a replaced record once, at its new size', async () => {
    const runs = createMemoryRunStore({ maxBytes: 100_000 });
    await runs.save(big('a', 'running', 10));
    await runs.save(big('b', 'ok', 40_000));
    for (let i = 0; i < 20; i++) await runs.save(big('a', i % 2 ? 'running' : 'ok', 40_000));
    expect((await runs.get('b'))?.status).toBe('ok');
    expect((await runs.get('a'))?.status).toBe('running');
    await runs.save(big('c', 'ok', 40_000));
    expect(await runs.get('a')).toBeUndefined();
    expect(await runs.get('b')).toBeDefined();
  });

  it('keeps the record just saved although it alone passes the budget, and it goes first once another comes', async () => {
    const runs = createMemoryRunStore({ maxBytes: 1000 });
    await runs.save(record('old', 'ok'));
    await runs.save(big('huge', 'running', 5000));
    expect(await runs.get('old')).toBeUndefined();
    await runs.save(big('huge', 'ok', 5000));
    expect((await runs.get('huge'))?.status).toBe('ok');
    await runs.save(record('next', 'ok'));
    expect(await runs.get('huge')).toBeUndefined();
    expect(await runs.get('next')).toBeDefined();
  });

  it('holds a few dozen of an engine’s runs that pass 64 KiB texts through ten nodes, not ten thousand', async () => {
    const runs = createMemoryRunStore();
    const text = 'lorem ipsum '.repeat(5500);
    const nodes = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`s${i}`, { status: 'ok' as const, inputs: { text }, outputs: { text } }]));
    for (let i = 0; i < 200; i++) await runs.save({ ...record(`r${i}`, 'ok'), input: text, output: text, nodes });
    const kept = (await runs.list({ limit: 500 })).runs.length;
    expect(kept).toBeGreaterThan(20);
    expect(kept).toBeLessThan(80);
  });
});

describe('run ids', () => {
  it('are ULIDs of the time they were made, increasing within one millisecond', () => {
    const nextId = ulidFactory();
    const before = Date.now();
    const ids = Array.from({ length: 5000 }, nextId);
    const after = Date.now();
    for (const [i, id] of ids.entries()) {
      expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
      if (i > 0) expect(id > (ids[i - 1] as string)).toBe(true);
    }
    const time = [...(ids[0] as string).slice(0, 10)].reduce((t, ch) => t * 32 + '0123456789ABCDEFGHJKMNPQRSTVWXYZ'.indexOf(ch), 0);
    expect(time).toBeGreaterThanOrEqual(before);
    expect(time).toBeLessThanOrEqual(after);
  });
});
