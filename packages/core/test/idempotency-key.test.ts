import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createEngine, defineMod, defineOp, PatternError } from '../src/index.ts';

/** Ops that note the key each execution got: `test.effect` stands for a write, `test.twice` calls it twice and fails once. */
function keysMod() {
  const seen: string[] = [];
  let failures = 1;
  const effect = defineOp({
    name: 'test.effect',
    description: 'Notes its idempotency key.',
    outputs: { key: { schema: z.string(), description: 'The key it got.' } },
    run(_inputs, ctx) {
      seen.push(`effect ${ctx.idempotencyKey}`);
      return { key: ctx.idempotencyKey };
    },
  });
  const twice = defineOp({
    name: 'test.twice',
    description: 'Calls test.effect twice, then fails the first time it runs.',
    outputs: { keys: { schema: z.array(z.string()), description: 'The keys of its calls.' } },
    async run(_inputs, ctx) {
      seen.push(`twice ${ctx.idempotencyKey}`);
      const first = await ctx.call('test.effect');
      const second = await ctx.call('test.effect');
      if (failures-- > 0) throw new PatternError('unavailable', 'try again');
      return { keys: [String(first.key), String(second.key)] };
    },
  });
  return { seen, mod: defineMod({ name: 'test', version: '1.0.0', ops: [effect, twice] }) };
}

describe('ctx.idempotencyKey', () => {
  it('is the same for every attempt of a node and its calls in order, and differs between nodes and runs', async () => {
    const { seen, mod } = keysMod();
    const engine = createEngine({ mods: [mod] });
    await engine.start();
    const workflow = {
      nodes: [
        { id: 'a', op: 'test.twice', retry: { attempts: 2, delayMs: 1 } },
        { id: 'b', op: 'test.effect' },
      ],
      edges: [],
    };
    const record = await engine.run({ workflow });
    expect(record.status).toBe('ok');
    const id = record.id;
    expect(seen.filter((s) => s.includes(':a'))).toEqual([
      `twice ${id}:a`,
      `effect ${id}:a:call1`,
      `effect ${id}:a:call2`,
      `twice ${id}:a`,
      `effect ${id}:a:call1`,
      `effect ${id}:a:call2`,
    ]);
    expect(seen).toContain(`effect ${id}:b`);
    const again = await engine.run({ workflow });
    expect(again.nodes.b?.outputs?.key).toBe(`${again.id}:b`);
    await engine.stop();
  });
});
