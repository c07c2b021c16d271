import { type Engine, toJsonSchema } from '@pattern/core';
import type { Hono } from 'hono';
import { ErrorAnswerSchema } from '../api/answers.ts';
import { modRoutes } from '../http/mod-routes.ts';
import { ADMIN_TAG, adminPaths } from './admin-paths.ts';
import { Components } from './components.ts';
import { ROUTES_TAG, workflowOperation } from './workflow-paths.ts';

type Json = Record<string, unknown>;

export interface OpenApiOptions {
  engine: Engine;
  /** Paused workflows serve no route, so the document leaves them out. */
  isActive: (workflowId: string) => boolean;
  /** The app whose `/api` routes (Pattern's own and mods') are listed, read once, the first time the document is asked for; without it, the routes alone. */
  admin?: () => Hono;
  version: string;
  /** Whether the admin token guards the API. */
  auth: boolean;
}

const PROBLEMS_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'details'],
      properties: {
        code: { const: 'request_invalid' },
        message: { type: 'string' },
        details: {
          type: 'object',
          required: ['problems'],
          properties: {
            problems: {
              type: 'array',
              items: {
                type: 'object',
                required: ['path', 'message'],
                properties: {
                  path: { type: 'string', description: 'Where, as `body.items[0].qty`, `query.limit` or `params.id`.' },
                  message: { type: 'string' },
                },
              },
            },
          },
        },
      },
    },
  },
};

/**
 * The OpenAPI 3.1 document of the server: every route an active workflow serves, then Pattern's
 * own API. It is built again only when a workflow is saved, deleted, paused or resumed.
 */
export class OpenApiDocument {
  private readonly options: OpenApiOptions;
  private revision = 0;
  private admin: { paths: Record<string, Json>; schemas: Record<string, unknown>; tags: Json[] } | undefined;
  private cached: { key: string; document: Json } | undefined;

  constructor(options: OpenApiOptions) {
    this.options = options;
    options.engine.workflows.subscribe(() => {
      this.revision++;
    });
  }

  current(): Json {
    const routed = this.options.engine.workflows.list().filter((entry) => entry.route !== undefined);
    const paused = routed.filter((entry) => !this.options.isActive(entry.id)).map((entry) => entry.id);
    const key = `${this.revision}\u0000${paused.join('\u0000')}`;
    if (this.cached?.key === key) return this.cached.document;
    const document = this.build(routed.filter((entry) => !paused.includes(entry.id)));
    this.cached = { key, document };
    return document;
  }

  private build(entries: ReturnType<Engine['workflows']['list']>): Json {
    const components = new Components();
    const paths: Record<string, Json> = {};
    for (const entry of entries) {
      const operation = workflowOperation(entry, components);
      if (operation) paths[operation.path] = { ...paths[operation.path], [operation.method]: operation.operation };
    }
    const admin = this.adminPart();
    return {
      openapi: '3.1.0',
      info: {
        title: 'Pattern',
        version: this.options.version,
        description: 'The routes this server’s workflows serve, and Pattern’s own API.',
      },
      tags: [
        { name: ROUTES_TAG, description: 'The routes saved workflows serve; each changes as its workflow does.' },
        { name: ADMIN_TAG, description: 'Pattern’s own API: workflows, runs, ops, packages, secrets.' },
        ...admin.tags,
      ],
      paths: { ...paths, ...admin.paths },
      components: {
        schemas: { Error: toJsonSchema(ErrorAnswerSchema), RequestInvalid: PROBLEMS_SCHEMA, ...admin.schemas, ...components.schemas },
        responses: {
          Error: { description: 'A refusal or failure.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
          RequestInvalid: {
            description: 'The request does not match the route’s declared parameters, query, headers or body; no run was started.',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/RequestInvalid' } } },
          },
          RunFailed: {
            description: 'The run failed (`run_failed`; a body that breaks its declared schema fails it with `response_invalid`).',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
        },
        securitySchemes: { adminToken: { type: 'http', scheme: 'bearer', description: 'PATTERN_ADMIN_TOKEN, or a signed-in session.' } },
      },
    };
  }

  private adminPart(): { paths: Record<string, Json>; schemas: Record<string, unknown>; tags: Json[] } {
    if (!this.admin) {
      const components = new Components();
      // A mod's routes are mounted as they are, so their handlers name the mod that added them.
      const mods = modRoutes(this.options.engine);
      const modOf = new Map(mods.flatMap(({ mod, routes }) => routes.routes.map((route) => [route.handler, mod.name] as const)));
      const paths = this.options.admin
        ? adminPaths(this.options.admin(), components, this.options.auth, (handler) => modOf.get(handler as never))
        : {};
      const used = new Set(
        Object.values(paths).flatMap((item) => Object.values(item).flatMap((operation) => (operation as { tags: string[] }).tags)),
      );
      const tags = mods
        .filter(({ mod }) => used.has(mod.name))
        .map(({ mod }) => ({ name: mod.name, description: mod.description ?? `The routes of the ${mod.name} mod.` }));
      this.admin = { paths, schemas: components.schemas, tags };
    }
    return this.admin;
  }
}
