import { fileURLToPath } from 'node:url';
import { defineMod } from '@pattern/core';
import { openCounter } from './open.ts';
import { counterOps } from './ops/index.ts';
import { counterRoutes } from './routes/index.ts';
import type { CounterService } from './service.ts';

export const counterMod = defineMod({
  name: 'counter',
  version: '0.1.0',
  description: 'Named counters: the template a new mod is copied from.',
  ops: counterOps,
  services: {
    counter: { setup: openCounter, teardown: (service: CounterService) => service.close() },
  },
  http: { routes: (ctx) => counterRoutes(() => ctx.services.get('counter')) },
  docs: fileURLToPath(new URL('../docs', import.meta.url)),
});

export default counterMod;
