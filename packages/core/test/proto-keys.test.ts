import { afterEach, describe, expect, it } from 'vitest';
import { type Engine, JsonObjectSchema, setPath } from '../src/index.ts';
import { startedEngine } from './helpers.ts';

let engine: Engine;
afterEach(async () => {
  await engine?.stop();
  expect(({} as Record<string, unknown>).x).toBeUndefined();
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
});

/** `{"__proto__": {"x": 1}, "a": 1}` as JSON.parse makes it: `__proto__` is an own key, not the prototype. */
const withProtoKey = () => JSON.parse('{"__proto__":{"x":1},"a":1}') as Record<string, unknown>;

function expectOwnProtoKey(value: unknown, inner: unknown = { x: 1 }): void {
  const object = value as Record<string, unknown>;
  expect(Object.hasOwn(object, '__proto__')).toBe(true);
  expect(Object.getOwnPropertyDescriptor(object, '__proto__')?.value).toEqual(inner);
  expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
  expect(object.x).toBeUndefined();
}

describe('__proto__ as a key', () => {
  it('JsonObjectSchema keeps every own key and hands on the very object', () => {
    const value = withProtoKey();
    const parsed = JsonObjectSchema.parse(value);
    expect(parsed).toBe(value);
    expectOwnProtoKey(parsed);
    expect(JSON.stringify(parsed)).toBe('{"__proto__":{"x":1},"a":1}');
    for (const bad of [[], null, 'x', new Date()]) expect(JsonObjectSchema.safeParse(bad).success).toBe(false);
  });

  it('setPath defines a __proto__ segment as an own key and replaces no prototype', () => {
    const set = setPath({}, '__proto__.x', 1);
    expectOwnProtoKey(set);
    const through = setPath(withProtoKey(), '__proto__.y', 2);
    expectOwnProtoKey(through, { x: 1, y: 2 });
  });

  it('object ops keep the key on input and output, and pollute nothing', async () => {
    engine = await startedEngine();
    const set = await engine.invoke('object.set', { object: withProtoKey(), path: 'b', value: 2 }).done;
    expectOwnProtoKey(set.output && (set.output as { object: unknown }).object);
    const setProto = await engine.invoke('object.set', { path: '__proto__', value: { x: 1 } }).done;
    expectOwnProtoKey((setProto.output as { object: unknown }).object);
    const merged = await engine.invoke('object.merge', { a: { a: 0 }, b: withProtoKey() }).done;
    expectOwnProtoKey((merged.output as { object: unknown }).object);
    const picked = await engine.invoke('object.pick', { object: withProtoKey(), keys: ['__proto__'] }).done;
    expectOwnProtoKey((picked.output as { object: unknown }).object);
    const got = await engine.invoke('object.get', { object: withProtoKey(), path: '__proto__.x' }).done;
    expect(got.output).toEqual({ value: 1, found: true });
    const inherited = await engine.invoke('object.get', { object: { a: 1 }, path: '__proto__' }).done;
    expect(inherited.output).toEqual({ found: false });
  });
});
