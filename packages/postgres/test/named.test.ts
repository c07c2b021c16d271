import { freshSchema } from '@pattern/testing';
import { afterEach, expect, it } from 'vitest';
import { createPool, named, statement } from '../src/index.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

it('names a statement after its text: one name per text, another for another text', () => {
  const first = named('SELECT $1::int AS n', [1]);
  expect(named('SELECT $1::int AS n', [2])).toEqual({ ...first, values: [2] });
  expect(named('SELECT $1::int + 1 AS n', [1]).name).not.toBe(first.name);
  expect(statement('SELECT $1::int AS n')([3])).toEqual({ ...first, values: [3] });
});

it('prepares each text once per connection and runs it with new values', async () => {
  const schema = await freshSchema('named_test');
  cleanups.push(schema.drop);
  // One connection: a second prepare of the same name there would fail, and so would one name for two texts.
  const pool = createPool(schema.url, 1);
  cleanups.push(() => pool.end());
  const double = statement('SELECT $1::int * 2 AS n');
  const triple = statement('SELECT $1::int * 3 AS n');
  for (const n of [1, 2, 3]) {
    expect((await pool.query(double([n]))).rows).toEqual([{ n: n * 2 }]);
    expect((await pool.query(triple([n]))).rows).toEqual([{ n: n * 3 }]);
  }
  const { rows } = await pool.query<{ name: string }>('SELECT name FROM pg_prepared_statements ORDER BY name');
  expect(rows.map((row) => row.name).sort()).toEqual([double().name, triple().name].sort());
});
