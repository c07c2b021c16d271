import { Hono } from 'hono';
import type { LoopMonitor } from './loop-monitor.ts';

/** Event-loop stalls since the window began; `reset` ends the window, answering with it. Behind the admin token like the rest of `/api`. */
export function loopRoutes(monitor: LoopMonitor) {
  return new Hono()
    .get('/api/stats/loop', (c) => c.json({ loop: monitor.stats() }))
    .post('/api/stats/loop/reset', (c) => c.json({ loop: monitor.reset() }));
}
