import { Hono } from 'hono';
import { z } from 'zod';
import { notFound } from '../http/errors.ts';
import { jsonBody, paramsOf } from '../http/json-body.ts';
import { PutSecretBodySchema, SecretNameSchema } from '../secrets/secret-schemas.ts';
import type { Secrets } from '../secrets/secrets.ts';

const NameParamsSchema = z.object({ name: SecretNameSchema });

/** `/api/secrets`: names and times only. A value goes in with PUT and never comes out of the API. */
export function secretRoutes(secrets: Secrets) {
  return new Hono()
    .get('/api/secrets', async (c) => c.json({ secrets: await secrets.list() }))
    .put('/api/secrets/:name', paramsOf(NameParamsSchema), jsonBody(PutSecretBodySchema), async (c) => {
      const { created, meta } = await secrets.put(c.req.valid('param').name, c.req.valid('json').value);
      return c.json(meta, created ? 201 : 200);
    })
    .delete('/api/secrets/:name', paramsOf(NameParamsSchema), async (c) => {
      const { name } = c.req.valid('param');
      if (!(await secrets.delete(name))) throw notFound('secret', name);
      return c.json({ deleted: true, name });
    });
}
