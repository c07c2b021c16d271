import { answers } from '@pattern/core';
import { Hono } from 'hono';
import { type AddressCheck, AddressCheckSchema } from '../schemas.ts';
import type { HttpService } from '../service.ts';

/**
 * `GET /api/http/check?url=…`: whether http.fetch would reach a URL's host under the current
 * `http.allowHosts`, and at which address, without connecting; for finding out what to allow.
 */
export function httpRoutes(http: () => HttpService): Hono {
  const app = new Hono();
  app.get('/api/http/check', answers(AddressCheckSchema), async (c) => {
    const check: AddressCheck = await http().check(c.req.query('url') ?? '');
    return c.json(check);
  });
  return app;
}
