import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine } from '../src/index.ts';
import { expectUnpolluted, invoke, outputOf, protoObject, runWired, useEngine } from './ops-harness.ts';

const engine = useEngine();
afterEach(expectUnpolluted);

const json = () => fc.jsonValue({ maxDepth: 3 });
const object = () => fc.dictionary(fc.string({ maxLength: 6 }), json(), { maxKeys: 6 });
const PROPERTY_RUNS = { numRuns: 60 };

function expectProtoKey(value: unknown, inner: unknown): void {
  const o = value as Record<string, unknown>;
  expect(Object.hasOwn(o, '__proto__')).toBe(true);
  expect(Object.getOwnPropertyDescriptor(o, '__proto__')?.value).toEqual(inner);
  expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
}

/** A value nested `depth` levels deep: `{ a: { a: … } }`. */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let i = 1; i < depth; i++) value = { a: value };
  return value;
}

describe('object.keys, values, entries and fromEntries', () => {
  it('entries then fromEntries gives the object back, and keys and values line up with them', async () => {
    await fc.assert(
      fc.asyncProperty(object(), async (o) => {
        const { entries } = (await outputOf(engine(), 'object.entries', { object: o })) as { entries: Array<[string, unknown]> };
        const { keys, count } = await outputOf(engine(), 'object.keys', { object: o });
        const { values } = await outputOf(engine(), 'object.values', { object: o });
        expect(keys).toEqual(entries.map(([k]) => k));
        expect(values).toEqual(entries.map(([, v]) => v));
        expect(count).toBe(entries.length);
        expect((await outputOf(engine(), 'object.fromEntries', { entries })).object).toEqual(o);
      }),
      PROPERTY_RUNS,
    );
  });

  it('keeps a __proto__ key as data both ways', async () => {
    const { keys } = await outputOf(engine(), 'object.keys', { object: protoObject() });
    expect(keys).toEqual(['__proto__', 'a']);
    const built = await outputOf(engine(), 'object.fromEntries', { entries: [['__proto__', { polluted: 1 }], { key: 'b', value: 2 }] });
    expectProtoKey(built.object, { polluted: 1 });
    expect(JSON.stringify(built.object)).toBe('{"__proto__":{"polluted":1},"b":2}');
  });

  it('refuses entries that are not pairs with invalid_input', async () => {
    for (const entries of [[['a']], [[1, 2]], [{ key: 1, value: 2 }], 'ab']) {
      const run = await runWired(engine(), 'object.fromEntries', { entries });
      expect(run.error?.code).toBe('invalid_input');
    }
  });
});

describe('object.has, delete and omit', () => {
  it('has agrees with object.get for any path', async () => {
    await fc.assert(
      fc.asyncProperty(object(), fc.constantFrom('a', 'a.b', '0', 'constructor', '__proto__', 'toString', ''), async (o, path) => {
        const { result } = await outputOf(engine(), 'object.has', { object: o, path });
        const { found } = await outputOf(engine(), 'object.get', { object: o, path });
        expect(result).toBe(found);
      }),
      PROPERTY_RUNS,
    );
  });

  it('delete removes exactly the path, copies, and never changes the input', async () => {
    await fc.assert(
      fc.asyncProperty(object(), fc.string({ minLength: 1, maxLength: 6 }), async (o, key) => {
        const before = structuredClone(o);
        const out = await outputOf(engine(), 'object.delete', { object: o, path: key });
        expect(o).toEqual(before);
        const expected = { ...o };
        delete expected[key];
        expect(out.object).toEqual(key.includes('.') ? out.object : expected);
        expect(out.found).toBe(key.includes('.') ? out.found : Object.hasOwn(o, key));
      }),
      PROPERTY_RUNS,
    );
  });

  it('deletes inside arrays and nested objects, and a __proto__ key as the data it is', async () => {
    const out = await outputOf(engine(), 'object.delete', { object: { a: [{ x: 1, y: 2 }, 'b'] }, path: 'a.0.x' });
    expect(out).toEqual({ object: { a: [{ y: 2 }, 'b'] }, found: true });
    const item = await outputOf(engine(), 'object.delete', { object: { a: [1, 2, 3] }, path: 'a.length' });
    expect(item).toEqual({ object: { a: [1, 2, 3] }, found: false });
    const proto = await outputOf(engine(), 'object.delete', { object: protoObject(), path: '__proto__.polluted' });
    expectProtoKey(proto.object, {});
    const gone = await outputOf(engine(), 'object.delete', { object: protoObject(), path: '__proto__' });
    expect(Object.hasOwn(gone.object as object, '__proto__')).toBe(false);
    const inherited = await outputOf(engine(), 'object.delete', { object: { a: 1 }, path: 'constructor' });
    expect(inherited.found).toBe(false);
  });

  it('answers paths as long or as deep as the limits allow', async () => {
    const deep = nested(250);
    const path = Array(249).fill('a').join('.');
    expect((await outputOf(engine(), 'object.has', { object: deep, path })).result).toBe(true);
    const removed = await outputOf(engine(), 'object.delete', { object: deep, path });
    expect(removed.found).toBe(true);
    const long = `${path}.${Array(100_000).fill('b').join('.')}`;
    expect((await outputOf(engine(), 'object.has', { object: deep, path: long })).result).toBe(false);
    expect((await outputOf(engine(), 'object.delete', { object: deep, path: long })).found).toBe(false);
  });

  it('omit leaves out the keys, and keeps a __proto__ key unless told', async () => {
    const kept = await outputOf(engine(), 'object.omit', { object: protoObject(), keys: ['a'] });
    expectProtoKey(kept.object, { polluted: 1 });
    const dropped = await outputOf(engine(), 'object.omit', { object: protoObject(), keys: ['__proto__'] });
    expect(dropped.object).toEqual({ a: 1 });
  });
});

describe('object.mergeDeep', () => {
  it('b wins at every leaf, objects merge, arrays are replaced', async () => {
    await fc.assert(
      fc.asyncProperty(object(), object(), async (a, b) => {
        const { object: merged } = (await outputOf(engine(), 'object.mergeDeep', { a, b })) as { object: Record<string, unknown> };
        for (const [key, value] of Object.entries(b)) {
          const isObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
          if (!isObject(value) || !isObject(a[key])) expect(merged[key]).toEqual(value);
        }
        for (const key of Object.keys(a)) expect(Object.hasOwn(merged, key)).toBe(true);
      }),
      PROPERTY_RUNS,
    );
    const out = await outputOf(engine(), 'object.mergeDeep', { a: { x: { y: [1, 2], z: 1 } }, b: { x: { y: [3] } }, d: { w: true } });
    expect(out.object).toEqual({ x: { y: [3], z: 1 }, w: true });
  });

  it('fails with too_deep when what an op builds would nest past the value limit', async () => {
    const shallow = createEngine({ limits: { maxValueDepth: 4 } });
    await shallow.start();
    try {
      const fits = await invoke(shallow, 'object.fromEntries', { entries: [['a', nested(2)]] });
      expect(fits.status).toBe('ok');
      const chunked = await invoke(shallow, 'array.chunk', { array: [nested(3)], size: 1 });
      expect(chunked.error?.code).toBe('too_deep');
      const grouped = await invoke(shallow, 'array.groupBy', { array: [{ k: 1, v: nested(2) }], path: 'k' });
      expect(grouped.error?.code).toBe('too_deep');
      const built = await invoke(shallow, 'object.build', { x: nested(4) }, { fields: [{ name: 'x' }] });
      expect(built.error?.code).toBe('too_deep');
    } finally {
      await shallow.stop();
    }
  });

  it('merges __proto__ keys as data, and objects as deep as the value limit', async () => {
    const out = await outputOf(engine(), 'object.mergeDeep', { a: protoObject(), b: JSON.parse('{"__proto__":{"more":2}}') });
    expectProtoKey(out.object, { polluted: 1, more: 2 });
    const deep = await outputOf(engine(), 'object.mergeDeep', { a: nested(250), b: nested(250) });
    expect(deep.object).toEqual(nested(250));
  });
});

describe('object.mapValues', () => {
  it('picks a path from each value and leaves out the keys that lack it', async () => {
    const out = await outputOf(engine(), 'object.mapValues', { object: { a: { n: 1 }, b: {}, c: { n: null } }, path: 'n' });
    expect(out.object).toEqual({ a: 1, c: null });
  });

  it('casts each value, and names the key that does not convert', async () => {
    const out = await outputOf(engine(), 'object.mapValues', { object: { a: '1', b: 2, c: true } }, { cast: 'string' });
    expect(out.object).toEqual({ a: '1', b: '2', c: 'true' });
    const bad = await runWired(engine(), 'object.mapValues', { object: { good: '1', bad: 'x' } }, { cast: 'number' });
    expect(bad.error?.code).toBe('invalid_input');
    expect(bad.error?.message).toContain('"bad"');
    const proto = await outputOf(engine(), 'object.mapValues', { object: protoObject() }, { cast: 'string' });
    expectProtoKey(proto.object, '{"polluted":1}');
  });
});

describe('object.build', () => {
  const fields = [
    { name: 'name' },
    { name: 'age', schema: { type: 'number' } },
    { name: 'proto', key: '__proto__' },
    { name: 'dash', key: 'first-name' },
  ];

  it('builds an object from values wired to the ports its fields declare', async () => {
    const out = await outputOf(engine(), 'object.build', { name: 'Ada', age: 36, proto: { polluted: 1 }, dash: null }, { fields });
    const object = out.object as Record<string, unknown>;
    expect(Object.keys(object)).toEqual(['name', 'age', '__proto__', 'first-name']);
    expect(object['first-name']).toBeNull();
    expectProtoKey(object, { polluted: 1 });
  });

  it('leaves out fields with no value, and checks a field’s schema', async () => {
    const partial = await outputOf(engine(), 'object.build', { name: 'Ada' }, { fields });
    expect(partial.object).toEqual({ name: 'Ada' });
    const wrong = await runWired(engine(), 'object.build', { age: 'old' }, { fields });
    expect(wrong.error?.code).toBe('invalid_input');
  });

  it('refuses field names that cannot be ports, located in the config', () => {
    const problems = engine().validate({
      nodes: [{ id: 'b', op: 'object.build', config: { fields: [{ name: 'ok' }, { name: '1st' }, { name: 'ok' }] } }],
      edges: [],
    });
    expect(problems.map((p) => p.path).sort()).toEqual(['nodes[0].config.fields[1].name', 'nodes[0].config.fields[2].name']);
    const proto = engine().validate({ nodes: [{ id: 'b', op: 'object.build', config: { fields: [{ name: '__proto__' }] } }], edges: [] });
    expect(proto.map((p) => p.path)).toEqual(['nodes[0].config.fields[0].name']);
  });
});
