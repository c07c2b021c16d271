import { testServer } from '@pattern/testing/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ErrorAnswerSchema, RunEventSchemas, RunSchema } from '../src/api/answers.ts';
import { PackageInstallSchema, PackageListSchema, PackagePutSchema, StoredPackageSchema } from '../src/api/package-answers.ts';
import {
  PublishAnswerSchema,
  SavedWorkflowSchema,
  VersionListSchema,
  WorkflowCheckSchema,
  WorkflowDetailSchema,
  WorkflowListSchema,
  WorkflowStateSchema,
  WorkflowSummarySchema,
  WorkflowTestReportSchema,
  WorkflowVersionSchema,
} from '../src/api/workflow-answers.ts';
import type { PatternServer } from '../src/index.ts';
import { OpenApiDocumentSchema } from '../src/openapi/openapi-routes.ts';
import { SecretDeletedSchema, SecretListSchema, SecretMetaSchema } from '../src/secrets/secret-schemas.ts';
import { MintedTokenSchema, TokenListSchema, TokenRevokedSchema } from '../src/tokens/token-schemas.ts';
import { json } from './helpers.ts';

let server: PatternServer;
beforeAll(async () => {
  server = await testServer({ seed: false });
});
afterAll(() => server?.stop());

/**
 * The answer holds what its schema says, each field of the type it says, and no field the schema
 * leaves out (a zod object drops unknown keys, so the keys are compared as well).
 */
function conforms(schema: z.ZodType, body: unknown): void {
  const parsed = schema.safeParse(body);
  expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    expect(Object.keys(body).sort()).toEqual(Object.keys(parsed.data as object).sort());
  }
}

const workflow = {
  name: 'Answers',
  nodes: [
    { id: 'in', op: 'flow.input' },
    { id: 'out', op: 'flow.output' },
  ],
  edges: [{ from: { node: 'in', port: 'value' }, to: { node: 'out', port: 'value' } }],
};

describe('what the API answers keeps to the schemas its OpenAPI document is made from', () => {
  it('the workflow routes', async () => {
    const saved = await json(server, '/api/workflows/answers', { method: 'PUT', body: workflow });
    expect(saved.status).toBe(201);
    conforms(SavedWorkflowSchema, saved.body);
    conforms(WorkflowListSchema, (await json(server, '/api/workflows')).body);
    conforms(WorkflowDetailSchema, (await json(server, '/api/workflows/answers')).body);
    conforms(WorkflowCheckSchema, (await json(server, '/api/workflows/validate', { method: 'POST', body: workflow })).body);
    const published = await json(server, '/api/workflows/answers/versions', { method: 'POST', body: { note: 'first' } });
    expect(published.status).toBe(201);
    conforms(PublishAnswerSchema, published.body);
    conforms(VersionListSchema, (await json(server, '/api/workflows/answers/versions')).body);
    conforms(WorkflowVersionSchema, (await json(server, '/api/workflows/answers/versions/1')).body);
    conforms(WorkflowSummarySchema, (await json(server, '/api/workflows/answers/versions/1/activate', { method: 'POST' })).body);
    conforms(WorkflowStateSchema, (await json(server, '/api/workflows/answers/state')).body);
    conforms(WorkflowStateSchema, (await json(server, '/api/workflows/answers/state', { method: 'PUT', body: { active: true } })).body);
    conforms(WorkflowTestReportSchema, (await json(server, '/api/workflows/answers/tests/run', { method: 'POST', body: {} })).body);
  });

  it('a run, and the events of its stream', async () => {
    const run = await json(server, '/api/runs', { method: 'POST', body: { workflowId: 'answers', input: 'hello' } });
    conforms(RunSchema, run.body);
    const text = await fetch(`${server.url}/api/runs/${run.body?.id}/events`).then((r) => r.text());
    const events = [...text.matchAll(/^event: (\w+)\ndata: (.*)$/gm)].map(([, event, data]) => ({ event, data: JSON.parse(data as string) }));
    expect(events.map((e) => e.event)).toEqual(['node', 'node', 'settled']);
    for (const { event, data } of events) conforms(RunEventSchemas[event as keyof typeof RunEventSchemas], data);
  });

  it('secrets, tokens and packages', async () => {
    const secret = await json(server, '/api/secrets/answer_key', { method: 'PUT', body: { value: 'a value of the secret' } });
    expect(secret.status).toBe(201);
    conforms(SecretMetaSchema, secret.body);
    conforms(SecretListSchema, (await json(server, '/api/secrets')).body);
    conforms(SecretDeletedSchema, (await json(server, '/api/secrets/answer_key', { method: 'DELETE' })).body);

    const minted = await json(server, '/api/tokens', { method: 'POST', body: { name: 'reader', scopes: ['runs:read'] } });
    expect(minted.status).toBe(201);
    conforms(MintedTokenSchema, minted.body);
    conforms(TokenListSchema, (await json(server, '/api/tokens')).body);
    conforms(TokenRevokedSchema, (await json(server, `/api/tokens/${minted.body?.id}`, { method: 'DELETE' })).body);

    const file = { manifest: { id: 'answers-pkg', version: '1.0.0', name: 'Answers' }, workflows: [{ id: 'packaged', ...workflow }] };
    const put = await json(server, '/api/packages', { method: 'POST', body: file });
    expect(put.status).toBe(201);
    conforms(PackagePutSchema, put.body);
    conforms(PackageListSchema, (await json(server, '/api/packages')).body);
    conforms(StoredPackageSchema, (await json(server, '/api/packages/answers-pkg')).body);
    conforms(StoredPackageSchema, (await json(server, '/api/packages/answers-pkg/1.0.0')).body);
    conforms(PackageInstallSchema, (await json(server, '/api/packages/answers-pkg/1.0.0/install', { method: 'POST', body: {} })).body);
  });

  it('the document itself, and a refusal', async () => {
    conforms(OpenApiDocumentSchema, (await json(server, '/api/openapi.json')).body);
    const missing = await json(server, '/api/runs/no-such-run');
    expect(missing.status).toBe(404);
    conforms(ErrorAnswerSchema, missing.body);
    conforms(ErrorAnswerSchema.shape.error, missing.body?.error);
  });
});
