import type { Engine } from '@pattern/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeEngine, runCode } from './helpers.ts';

let engine: Engine;

beforeAll(async () => {
  engine = await codeEngine();
});
afterAll(async () => {
  await engine.stop();
});

/** Runs `source` while a quick code run is started beside it, and checks that the quick one completes. */
async function beside(source: string, input: unknown = null, on: Engine = engine) {
  const [run, quick] = await Promise.all([runCode(on, source, input), runCode(on, 'return { result: inputs.value + 1 };', 41)]);
  expect(quick.status).toBe('ok');
  expect(quick.output).toBe(42);
  return run;
}

describe('code.js runs JavaScript', () => {
  it('reads its inputs and emits the outputs it returns', async () => {
    const run = await runCode(engine, 'return { result: inputs.value.map((n) => n * 2) };', [1, 2, 3]);
    expect(run.status).toBe('ok');
    expect(run.output).toEqual([2, 4, 6]);
  });

  it('settles a promise it returns', async () => {
    const run = await runCode(engine, 'return Promise.resolve(inputs.value).then((v) => ({ result: v * 10 }));', 4);
    expect(run.output).toBe(40);
  });

  it('refuses a returned key that is not a declared output, and a value that is not JSON', async () => {
    const extra = await runCode(engine, 'return { result: 1, other: 2 };');
    expect(extra.error?.code).toBe('output_invalid');
    expect(extra.error?.message).toContain('"other"');
    const big = await runCode(engine, 'return { result: 10n };');
    expect(big.error?.code).toBe('output_invalid');
  });
});

describe('escapes are refused', () => {
  it('sees no Node globals, no require, no timers, nothing that calls back later', async () => {
    const run = await runCode(
      engine,
      'return { result: [typeof globalThis.process, typeof require, typeof module, typeof setTimeout, typeof fetch, typeof Buffer, typeof FinalizationRegistry] };',
    );
    expect(run.output).toEqual(['undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'undefined']);
  });

  it('cannot load a module with import()', async () => {
    const run = await runCode(engine, 'return import("node:fs").then((fs) => ({ result: typeof fs.readFileSync }));');
    expect(run.status).toBe('error');
    expect(run.error?.code).toBe('code_error');
    expect(run.error?.message).toContain("could not load module 'node:fs'");
  });

  it("finds only the sandbox's own global through Function('return this')()", async () => {
    const run = await runCode(
      engine,
      "const g = Function('return this')(); return { result: [g === globalThis, typeof g.process, Object.isFrozen(g)] };",
    );
    expect(run.output).toEqual([true, 'undefined', true]);
  });

  it('reaches nothing of the host through the prototypes of its inputs', async () => {
    const source = [
      "const viaCtor = inputs.value.constructor.constructor('return typeof process')();",
      'const proto = Object.getPrototypeOf(inputs.value);',
      // A "__proto__" key of JSON is a property like any other, not a way to a prototype.
      "return { result: [viaCtor, proto === Object.prototype, Object.hasOwn(inputs.value, '__proto__'), typeof inputs.value.polluted, typeof ({}).polluted] };",
    ].join('\n');
    const run = await runCode(engine, source, JSON.parse('{"__proto__": {"polluted": true}}'));
    expect(run.status).toBe('ok');
    expect(run.output).toEqual(['undefined', true, true, 'undefined', 'undefined']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('finishes the jobs it queued within its own call, not in the next one', async () => {
    const queued = await runCode(engine, 'Promise.resolve().then(() => console.log("late", inputs.value)); return { result: 1 };', 'mine');
    expect(queued.nodes.js?.logs?.map((l) => l.message)).toEqual(['late mine']);
    const next = await runCode(engine, 'return { result: 2 };');
    expect(next.nodes.js?.logs ?? []).toEqual([]);
  });

  it('cannot change the built-ins another call will use', async () => {
    const tamper = await runCode(engine, 'Object.prototype.stolen = inputs.value; return { result: 1 };', 'secret');
    expect(tamper.error?.code).toBe('code_error');
    const sloppy = await runCode(engine, 'JSON.parse = () => "hijacked"; return { result: JSON.parse("1") };');
    expect(sloppy.error?.code).toBe('code_error');
    const next = await runCode(engine, 'return { result: [({}).stolen, JSON.parse("[1]")] };');
    // JSON has no undefined: a missing property comes out as null.
    expect(next.output).toEqual([null, [1]]);
  });

  it('still lets code name its own errors and override methods on its own objects', async () => {
    const run = await runCode(
      engine,
      'const o = { toString() { return "mine"; } };\nclass Nope extends Error { constructor(m) { super(m); this.name = "Nope"; } }\nthrow new Nope(String(o));',
    );
    expect(run.error?.code).toBe('code_error');
    // Located where the error was made: in its constructor.
    expect(run.error?.message).toBe('Nope: mine (line 2, column 50)');
  });
});

describe('limits end the call, and other runs keep going', () => {
  it('stops an infinite loop with timeout', async () => {
    const run = await beside('while (true) {}');
    expect(run.status).toBe('error');
    expect(run.error?.code).toBe('timeout');
    expect(run.nodes.js?.status).toBe('error');
  });

  it('refuses a 1 GiB allocation with out_of_memory', async () => {
    const run = await beside('const buffer = new ArrayBuffer(1024 * 1024 * 1024); return { result: buffer.byteLength };');
    expect(run.error?.code).toBe('out_of_memory');
  });

  it('stops memory that grows in a loop, by memory or by time', async () => {
    const run = await beside('const keep = []; for (;;) keep.push("x".repeat(65536) + keep.length);');
    expect(['out_of_memory', 'timeout']).toContain(run.error?.code);
  });

  it('stops deep recursion with stack_overflow', async () => {
    const run = await beside('function down(n) { return down(n + 1) + 1; }\nreturn { result: down(0) };');
    expect(run.error?.code).toBe('stack_overflow');
  });

  it('stops data nested too deeply for the native stack, and the sandbox recovers', async () => {
    // Time enough to reach the stack's limit on a busy machine: this test is about the stack, not the clock.
    const patient = await codeEngine({ timeoutMs: 20_000 });
    try {
      const source = 'let v = 0; for (let i = 0; i < 100000; i++) v = [v]; return { result: JSON.stringify(v).length };';
      const run = await beside(source, null, patient);
      expect(['stack_overflow', 'out_of_memory']).toContain(run.error?.code);
      const after = await runCode(patient, 'return { result: inputs.value * 3 };', 3);
      expect(after.output).toBe(9);
    } finally {
      await patient.stop();
    }
  });

  it('works as before after every kind of limit', async () => {
    const run = await runCode(engine, 'return { result: "still here" };');
    expect(run.output).toBe('still here');
  });
});

describe('a cancelled run stops its code', () => {
  it('interrupts a call when the run is cancelled before it', async () => {
    const handle = engine.startRun({ workflow: { nodes: [{ id: 'js', op: 'code.js', config: { source: 'while (true) {}' } }], edges: [] } });
    handle.cancel('stop');
    const run = await handle.done;
    expect(run.status).toBe('cancelled');
  });
});
