import { type ModContext, parseInput } from '@pattern/core';
import { createAllowList } from './addresses/allow-list.ts';
import { HttpOptionsSchema } from './schemas.ts';
import { HttpService } from './service.ts';

/** Turns the mod's options (the server hands `http.allowHosts` in as `allowHosts`) into the service. */
export function openHttp(ctx: ModContext): HttpService {
  const options = parseInput(HttpOptionsSchema, ctx.options, 'options.http', { whole: true });
  return new HttpService(createAllowList(options.allowHosts));
}
