import { answers } from '@pattern/core';
import { Hono } from 'hono';
import { z } from 'zod';
import type { OpenApiDocument } from './document.ts';
import { referenceRoutes } from './reference-page.ts';

/** What `GET /api/openapi.json` answers: the document, whose parts OpenAPI 3.1 itself defines. */
export const OpenApiDocumentSchema = z
  .looseObject({
    openapi: z.literal('3.1.0'),
    info: z.looseObject({ title: z.string(), version: z.string().describe('The server’s version.'), description: z.string() }),
    tags: z.array(z.looseObject({ name: z.string(), description: z.string() })),
    paths: z.record(z.string(), z.record(z.string(), z.unknown())).describe('The routes active workflows serve, then Pattern’s own API.'),
    components: z.looseObject({ schemas: z.record(z.string(), z.unknown()) }),
  })
  .describe('The OpenAPI 3.1 document of this server: this document.');

/** `GET /api/openapi.json`, the document, and `/docs/api`, its interactive reference. */
export function openApiRoutes(document: OpenApiDocument) {
  return new Hono().get('/api/openapi.json', answers(OpenApiDocumentSchema), (c) => c.json(document.current())).route('/', referenceRoutes());
}
