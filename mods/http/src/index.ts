import { fileURLToPath } from 'node:url';
import { defineMod } from '@pattern/core';
import { openHttp } from './open.ts';
import { httpOps } from './ops/index.ts';
import { httpRoutes } from './routes/index.ts';
import type { HttpService } from './service.ts';

export { type AllowList, createAllowList } from './addresses/allow-list.ts';
export { type BlockedReason, blockedReason } from './addresses/classify.ts';
export type { AddressCheck, FetchAnswer, FetchRequestInput, HttpOptions } from './schemas.ts';
export { HttpService } from './service.ts';

export const httpMod = defineMod({
  name: 'http',
  version: '0.1.0',
  description: 'Outbound HTTP: http.fetch, which refuses internal addresses unless http.allowHosts lets them through.',
  ops: httpOps,
  services: { http: { setup: openHttp, teardown: (service: HttpService) => service.close() } },
  http: { routes: (ctx) => httpRoutes(() => ctx.services.get('http')) },
  docs: fileURLToPath(new URL('../docs', import.meta.url)),
});

export default httpMod;
