import type { Engine } from '@pattern/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CONSOLE_LINES } from '../src/sandbox/console-capture.ts';
import { codeEngine, runCode } from './helpers.ts';

let engine: Engine;

beforeAll(async () => {
  // A thousand console calls take a while on a busy machine; these tests are about the cap, not the clock.
  engine = await codeEngine({ timeoutMs: 5000 });
});
afterAll(async () => {
  await engine.stop();
});

describe("console inside the code lands in the node's trace", () => {
  it('keeps each line with its level, objects as JSON', async () => {
    const run = await runCode(
      engine,
      'console.log("got", inputs.value); console.warn("careful"); console.error(new Error("x").message); return { result: 1 };',
      {
        a: 1,
      },
    );
    expect(run.status).toBe('ok');
    const logs = run.nodes.js?.logs ?? [];
    expect(logs.map((l) => [l.level, l.message])).toEqual([
      ['info', 'got {"a":1}'],
      ['warn', 'careful'],
      ['error', 'x'],
    ]);
  });

  it('keeps the lines of a call that then fails', async () => {
    const run = await runCode(engine, 'console.log("before"); throw new Error("after");');
    expect(run.error?.message).toBe('Error: after (line 1, column 39)');
    expect(run.nodes.js?.logs?.map((l) => l.message)).toEqual(['before']);
  });

  it('caps the lines, and says how many it dropped', async () => {
    const run = await runCode(engine, 'for (let i = 0; i < 1000; i++) console.log("line " + i); return { result: 1 };');
    const logs = run.nodes.js?.logs ?? [];
    expect(logs).toHaveLength(MAX_CONSOLE_LINES + 1);
    expect(logs[0]?.message).toBe('line 0');
    expect(logs.at(-1)?.message).toContain(`${1000 - MAX_CONSOLE_LINES} more line(s) not kept`);
  });

  it('caps the characters of one huge line', async () => {
    const run = await runCode(engine, 'console.log("x".repeat(1000000)); return { result: 1 };');
    const [line] = run.nodes.js?.logs ?? [];
    expect(line?.message.length).toBeLessThanOrEqual(8 * 1024 + 1);
  });
});
