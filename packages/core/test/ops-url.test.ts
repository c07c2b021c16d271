import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../src/index.ts';
import { startedEngine } from './helpers.ts';
import { HOSTILE_STRINGS, HOSTILE_VALUES, invoker } from './ops-invoke-helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await startedEngine();
});
afterAll(async () => {
  await engine.stop();
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

const { output, failure, refusedOrOk } = invoker(() => engine);

/** Text with no lone surrogates (they have no percent-encoded form), keys included. */
const text = fc.string({ unit: 'binary', maxLength: 20 });

describe('query.build and query.parse', () => {
  it('round-trip strings, and arrays of two or more strings, under any keys', async () => {
    const query = fc.dictionary(text, fc.oneof(text, fc.array(text, { minLength: 2, maxLength: 4 })), { maxKeys: 6 });
    await fc.assert(
      fc.asyncProperty(query, async (query) => {
        const built = await output('query.build', { query });
        const parsed = await output('query.parse', { text: built.text });
        expect(parsed.query).toEqual(query);
      }),
      { numRuns: 150 },
    );
  });

  it('round-trips every value as an array with alwaysArrays', async () => {
    const query = fc.dictionary(text, fc.array(text, { minLength: 1, maxLength: 3 }), { maxKeys: 5 });
    await fc.assert(
      fc.asyncProperty(query, async (query) => {
        const built = await output('query.build', { query });
        expect((await output('query.parse', { text: built.text }, { alwaysArrays: true })).query).toEqual(query);
      }),
      { numRuns: 60 },
    );
  });

  it('keeps __proto__ as an ordinary key both ways, and pollutes nothing', async () => {
    const parsed = (await output('query.parse', { text: '__proto__=1&__proto__=2&constructor=x' })).query as Record<string, unknown>;
    expect(Object.hasOwn(parsed, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(parsed, '__proto__')?.value).toEqual(['1', '2']);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    const built = await output('query.build', { query: JSON.parse('{"__proto__":"p","a":1}') });
    expect(built.text).toBe('__proto__=p&a=1');
  });

  it('refuses nested objects and lone surrogates, naming the parameter', async () => {
    const nested = await failure('query.build', { query: { filter: { a: 1 } } });
    expect(nested).toMatchObject({ code: 'invalid_input', details: { field: 'query.filter' } });
    const surrogate = await failure('query.build', { query: { q: 'a\ud800' } });
    expect(surrogate).toMatchObject({ code: 'invalid_text', details: { field: 'query.q' } });
  });
});

describe('url.parse', () => {
  it('reads what the WHATWG parser reads, and fails with invalid_url otherwise', async () => {
    const parts = (await output('url.parse', { url: 'HTTP://a.example:80/x/../y?b=1#h' })).parts as Record<string, unknown>;
    expect(parts).toMatchObject({ href: 'http://a.example/y?b=1#h', port: '', pathname: '/y', query: { b: '1' } });
    const bad = await failure('url.parse', { url: 'not a url' });
    expect(bad.code).toBe('invalid_url');
    expect(bad.message).toContain('"not a url"');
    expect((await failure('url.parse', { url: 'x' }, { base: 'also not' })).details).toEqual({ field: 'base' });
  });

  it('parses whatever url.build builds back into the same segments and parameters', async () => {
    const segment = fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }).filter((s) => s !== '.' && s !== '..');
    const query = fc.dictionary(fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 8 }), {
      maxKeys: 4,
    });
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { maxLength: 4 }), query, async (path, query) => {
        const { url } = await output('url.build', { base: 'https://api.example.com/v1/', path, query });
        const parts = (await output('url.parse', { url })).parts as { pathname: string; query: unknown };
        const segments = parts.pathname.split('/').slice(2).map(decodeURIComponent);
        expect(segments).toEqual(path.length === 0 ? [''] : path);
        expect(parts.query).toEqual(query);
      }),
      { numRuns: 120 },
    );
  });
});

describe('url.build', () => {
  it('refuses dot segments, which would climb out of the base path', async () => {
    for (const segment of ['..', '.']) {
      const error = await failure('url.build', { base: 'https://example.com/files/', path: ['a', segment] });
      expect(error).toMatchObject({ code: 'invalid_url', details: { field: 'path[1]' } });
    }
  });

  it('replaces parameters of the base by key and removes those set to null', async () => {
    const { url } = await output('url.build', {
      base: 'https://example.com/?page=1&sort=asc&keep=1',
      query: { page: 2, sort: null, tag: ['a', 'b'] },
    });
    expect(url).toBe('https://example.com/?keep=1&page=2&tag=a&tag=b');
  });

  it('trims a very long run of slashes in linear time', async () => {
    const base = `https://example.com/${'/'.repeat(200_000)}x${'/'.repeat(200_000)}`;
    const { url } = await output('url.build', { base, path: ['y'] });
    expect((url as string).endsWith('x/y')).toBe(true);
  });
});

describe('hostile input to the URL ops', () => {
  it('gives a value or a node error, never a crash', async () => {
    for (const value of HOSTILE_VALUES) {
      await refusedOrOk('url.parse', { url: value });
      await refusedOrOk('query.parse', { text: value });
      await refusedOrOk('query.build', { query: { k: value } });
      await refusedOrOk('url.build', { base: 'https://example.com', path: [value], query: { [String(value).slice(0, 50)]: value }, hash: value });
    }
    for (const value of HOSTILE_STRINGS) await refusedOrOk('url.build', { base: value });
    const many = Array.from({ length: 50_000 }, (_, i) => `k${i % 100}=${i}`).join('&');
    const parsed = (await output('query.parse', { text: many })).query as Record<string, string[]>;
    expect(parsed.k0).toHaveLength(500);
  });
});
