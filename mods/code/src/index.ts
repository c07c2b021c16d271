import { fileURLToPath } from 'node:url';
import { defineMod } from '@pattern/core';
import { openCode } from './open.ts';
import { codeOps } from './ops/index.ts';
import { codeRoutes } from './routes/index.ts';
import type { CodeService } from './service.ts';

export const codeMod = defineMod({
  name: 'code',
  version: '0.1.0',
  description: 'code.js: JavaScript nodes run in a QuickJS sandbox, limited in time and memory.',
  ops: codeOps,
  services: {
    code: { setup: openCode, teardown: (service: CodeService) => service.close() },
  },
  http: { routes: (ctx) => codeRoutes(() => ctx.services.get('code')) },
  docs: fileURLToPath(new URL('../docs', import.meta.url)),
});

export type { CallOptions, CheckResult, CodeService, CompiledCode } from './service.ts';
export default codeMod;
