import { type CatalogOp, catalogEntry, coreMod } from '@pattern/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { keywordScore, searchOps } from '../src/catalog/fuzzy.ts';

// The palette's search over core's real ops, keywords and all, as the server lists them.
const ops: CatalogOp[] = (coreMod.ops ?? []).map((op) => catalogEntry({ ...op, mod: 'core' }));
const top = (query: string, n = 1) =>
  searchOps(ops, query)
    .slice(0, n)
    .map((op) => op.name);

describe('palette search by keywords', () => {
  test('finds ops by the words people use for them', () => {
    expect(top('lowercase')).toEqual(['string.lower']);
    expect(top('uppercase')).toEqual(['string.upper']);
    expect(top('uuid')).toEqual(['random.uuid']);
    expect(top('regex', 2).sort()).toEqual(['string.match', 'string.replace']);
    expect(top('dedupe')).toEqual(['array.unique']);
    expect(top('substring')).toEqual(['string.slice']);
    expect(top('truthy')).toEqual(['cast.toBoolean']);
    expect(top('length', 2).sort()).toEqual(['array.length', 'string.length']);
  });

  test('every word of a query may start a different keyword', () => {
    expect(keywordScore('webhook signature', ['hmac', 'webhook', 'signature'])).toBeGreaterThan(0);
    expect(keywordScore('webhook signature', ['webhook'])).toBe(-1);
    expect(keywordScore('sha', ['sha256'])).toBe(1000);
    expect(keywordScore('anything', [])).toBe(-1);
  });

  test('names and abbreviations still come first', () => {
    expect(top('sslug')).toEqual(['string.slugify']);
    expect(top('math.round')).toEqual(['math.round']);
  });

  test('any query answers a list from the catalog, and never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (query) => {
        const found = searchOps(ops, query);
        expect(found.every((op) => ops.includes(op))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
