import { answers } from '@pattern/core';
import { Hono } from 'hono';
import { z } from 'zod';
import { notFound } from '../http/errors.ts';
import { jsonBody, paramsOf } from '../http/json-body.ts';
import {
  PutSecretBodySchema,
  type SecretDeleted,
  SecretDeletedSchema,
  type SecretList,
  SecretListSchema,
  type SecretMeta,
  SecretMetaSchema,
  SecretNameSchema,
} from '../secrets/secret-schemas.ts';
import type { Secrets } from '../secrets/secrets.ts';
import { refuses } from './answers.ts';

const NameParamsSchema = z.object({ name: SecretNameSchema });

/** `/api/secrets`: names and times only. A value goes in with PUT and never comes out of the API. */
export function secretRoutes(secrets: Secrets) {
  return new Hono()
    .get('/api/secrets', answers(SecretListSchema), async (c) => c.json({ secrets: await secrets.list() } satisfies SecretList))
    .put(
      '/api/secrets/:name',
      paramsOf(NameParamsSchema),
      jsonBody(PutSecretBodySchema),
      answers(SecretMetaSchema.describe('The secret replaced its value.')),
      answers(SecretMetaSchema.describe('The secret was added.'), 201),
      async (c) => {
        const { created, meta } = await secrets.put(c.req.valid('param').name, c.req.valid('json').value);
        return c.json(meta satisfies SecretMeta, created ? 201 : 200);
      },
    )
    .delete('/api/secrets/:name', paramsOf(NameParamsSchema), answers(SecretDeletedSchema), refuses(404, 'There is no such secret.'), async (c) => {
      const { name } = c.req.valid('param');
      if (!(await secrets.delete(name))) throw notFound('secret', name);
      return c.json({ deleted: true, name } satisfies SecretDeleted);
    });
}
