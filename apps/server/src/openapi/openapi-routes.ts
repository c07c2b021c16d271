import { Hono } from 'hono';
import type { OpenApiDocument } from './document.ts';
import { referenceRoutes } from './reference-page.ts';

/** `GET /api/openapi.json`, the document, and `/docs/api`, its interactive reference. */
export function openApiRoutes(document: OpenApiDocument) {
  return new Hono().get('/api/openapi.json', (c) => c.json(document.current())).route('/', referenceRoutes());
}
