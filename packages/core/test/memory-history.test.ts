import { describe, expect, it } from 'vitest';
import { createMemoryRunStore, type RunRecord } from '../src/index.ts';
import { runIdFactory } from '../src/run/run-id.ts';

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
    const runs = createMemoryRunStore(3);
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

describe('run ids', () => {
  it('are ULIDs of the time they were made, increasing within one millisecond', () => {
    const nextId = runIdFactory();
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
