import { answers } from '@pattern/core';
import { Hono } from 'hono';
import { z } from 'zod';
import { type LoopMonitor, LoopStatsSchema } from './loop-monitor.ts';

const LoopAnswerSchema = z.object({ loop: LoopStatsSchema }).describe('Event-loop stalls over the window, in milliseconds.');

/** Event-loop stalls since the window began; `reset` ends the window, answering with it. Behind the admin token like the rest of `/api`. */
export function loopRoutes(monitor: LoopMonitor) {
  return new Hono()
    .get('/api/stats/loop', answers(LoopAnswerSchema), (c) => c.json({ loop: monitor.stats() }))
    .post('/api/stats/loop/reset', answers(LoopAnswerSchema), (c) => c.json({ loop: monitor.reset() }));
}
