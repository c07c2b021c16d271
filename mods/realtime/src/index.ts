import { fileURLToPath } from 'node:url';
import { defineMod } from '@pattern/core';
import { openRealtime } from './open.ts';
import { realtimeOps } from './ops/index.ts';
import { realtimeRoutes } from './routes/index.ts';
import type { RealtimeService } from './service.ts';

export const realtimeMod = defineMod({
  name: 'realtime',
  version: '0.1.0',
  description: 'WebSocket endpoints served by workflows, rooms, and pushes from any workflow, across servers on PostgreSQL.',
  ops: realtimeOps,
  services: {
    realtime: { setup: openRealtime, teardown: (service: RealtimeService) => service.stop() },
  },
  http: {
    routes: (ctx) => realtimeRoutes(() => ctx.services.get('realtime')),
    webSockets: (ctx, server) => ctx.services.get('realtime').serve(server),
  },
  docs: fileURLToPath(new URL('../docs', import.meta.url)),
});

export type { RealtimeService } from './service.ts';
export default realtimeMod;
