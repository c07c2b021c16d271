import { testServer } from '@pattern/testing/server';
import { expect, it } from 'vitest';
import { json } from './helpers.ts';

/** Blocks this process's event loop, which an in-process server shares, for at least `ms`. */
function block(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {}
}

it('reports event-loop stalls over a window that a reset begins', async () => {
  const server = await testServer();
  try {
    // Lets the sampling timer tick a few times before and after the stall.
    await new Promise((resolve) => setTimeout(resolve, 50));
    block(200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const { status, body } = await json(server, '/api/stats/loop');
    expect(status).toBe(200);
    expect(Object.keys(body?.loop ?? {}).sort()).toEqual(['maxMs', 'meanMs', 'p50Ms', 'p90Ms', 'p99Ms', 'samples', 'sinceMs']);
    expect(body?.loop.maxMs).toBeGreaterThanOrEqual(150);
    expect(body?.loop.samples).toBeGreaterThan(0);

    const reset = await json(server, '/api/stats/loop/reset', { method: 'POST' });
    expect(reset.body?.loop.maxMs).toBeGreaterThanOrEqual(150);
    const after = (await json(server, '/api/stats/loop')).body?.loop;
    // The stall belongs to the window the reset closed.
    expect(after.sinceMs).toBeLessThan(reset.body?.loop.sinceMs);
    expect(after.samples).toBeLessThan(reset.body?.loop.samples);
  } finally {
    await server.stop();
  }
});
