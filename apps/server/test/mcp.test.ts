import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import docsMod from '@pattern/mod-docs';
import storeMod from '@pattern/mod-store';
import { testServer } from '@pattern/testing/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PatternServer } from '../src/index.ts';
import { TOOLS } from '../src/mcp/tools.ts';
import { edge, json } from './helpers.ts';

const ADMIN = 'mcp-test-admin-token-0123456789abcdefghij';
const BIN = fileURLToPath(new URL('../bin/pattern.mjs', import.meta.url));
let server: PatternServer;
let builder: string;
let reader: string;

beforeAll(async () => {
  server = await testServer({ adminToken: ADMIN, mods: [storeMod, docsMod], seed: false });
  const mint = async (scopes: string[]) =>
    (await json(server, '/api/tokens', { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` }, body: { name: 'agent', scopes } })).body
      ?.token as string;
  builder = await mint(['workflows:read', 'workflows:write', 'runs:read', 'runs:write', 'data:read']);
  reader = await mint(['workflows:read']);
}, 30_000);
afterAll(() => server?.stop());

const http = (token: string) =>
  new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } });
const stdio = (token: string) =>
  new StdioClientTransport({
    command: process.execPath,
    args: [BIN, 'mcp', '--server', server.url],
    env: { ...(process.env as Record<string, string>), PATTERN_TOKEN: token, PATTERN_ADMIN_TOKEN: '' },
    stderr: 'pipe',
  });

async function connect(transport: Transport): Promise<Client> {
  const client = new Client({ name: 'pattern-test-agent', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

/** A tool's answer, parsed from its JSON text. */
async function use(client: Client, name: string, args: Record<string, unknown> = {}): Promise<{ isError: boolean; value: any }> {
  const result = (await client.callTool({ name, arguments: args })) as { isError?: boolean; content: Array<{ type: string; text: string }> };
  return { isError: result.isError === true, value: JSON.parse(result.content[0]?.text ?? 'null') };
}

/** What an agent does: learns the ops, builds a workflow, fixes the problem validation finds, saves, runs it, reads the run back. */
async function buildAndRun(client: Client, id: string) {
  const tools = (await client.listTools()).tools.map((t) => t.name);
  expect(tools.sort()).toEqual(TOOLS.map((t) => t.name).sort());

  const ops = await use(client, 'list_ops', { category: 'store' });
  expect(ops.value.map((op: { name: string }) => op.name)).toContain('store.put');
  const put = await use(client, 'get_op', { name: 'store.put' });
  expect(put.value.inputs.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['collection', 'data']));

  const draft = {
    nodes: [
      { id: 'in', op: 'flow.input' },
      { id: 'save', op: 'store.put' },
      { id: 'out', op: 'flow.output' },
    ],
    edges: [edge('in', 'value', 'save', 'data'), edge('save', 'doc', 'out', 'value')],
  };
  const problems = (await use(client, 'validate_workflow', { workflow: draft })).value.problems;
  expect(problems).toEqual([expect.objectContaining({ code: 'missing_input', path: 'nodes[1].config.collection' })]);
  const fixed = {
    ...draft,
    nodes: draft.nodes.map((n) => (n.id === 'save' ? { ...n, config: { collection: `notes_${id.replace('.', '_')}` } } : n)),
  };
  expect((await use(client, 'validate_workflow', { workflow: fixed })).value.problems).toEqual([]);

  const saved = await use(client, 'save_workflow', { id, workflow: fixed, publish: true, note: 'made by an agent' });
  expect(saved.isError).toBe(false);
  expect(saved.value.saved.valid).toBe(true);

  const run = await use(client, 'run_workflow', { workflowId: id, input: { text: 'remember me' } });
  expect(run.value).toMatchObject({ status: 'ok', output: { data: { text: 'remember me' } } });
  const back = await use(client, 'get_run', { id: run.value.id });
  expect(back.value.nodes.save).toMatchObject({ status: 'ok' });
  expect((await use(client, 'list_runs', { workflowId: id })).value.runs[0].id).toBe(run.value.id);

  const docs = await use(client, 'query_documents', { collection: `notes_${id.replace('.', '_')}` });
  expect(docs.value.docs.map((d: { data: unknown }) => d.data)).toEqual([{ text: 'remember me' }]);
  expect((await use(client, 'get_workflow', { id })).value.document.nodes).toHaveLength(3);
  expect((await use(client, 'list_workflows')).value.workflows.map((w: { id: string }) => w.id)).toContain(id);

  const found = await use(client, 'search_docs', { query: 'store put document' });
  expect(found.value.results.length).toBeGreaterThan(0);
  const resources = (await client.listResources()).resources;
  expect(resources.length).toBeGreaterThan(5);
  const chapter = resources.find((r) => r.uri.startsWith('pattern://docs/')) as { uri: string };
  const read = await client.readResource({ uri: chapter.uri });
  expect((read.contents[0] as { text: string }).text).toMatch(/^# /);
  const reference = await client.readResource({ uri: 'pattern://ops' });
  expect((reference.contents[0] as { text: string }).text).toContain('store.put');
}

describe('the MCP server', () => {
  it('serves an agent over Streamable HTTP at POST /mcp', async () => {
    const client = await connect(http(builder));
    await buildAndRun(client, 'agent.http');
    await client.close();
  }, 60_000);

  it('serves an agent over stdio (`pattern mcp`), through the running server’s API', async () => {
    const client = await connect(stdio(builder));
    await buildAndRun(client, 'agent.stdio');
    await client.close();
  }, 60_000);

  it('checks each tool’s scope: a read-only token reads but cannot save or run, on both transports', async () => {
    for (const transport of [http(reader), stdio(reader)]) {
      const client = await connect(transport);
      expect((await use(client, 'list_ops')).isError).toBe(false);
      const run = await use(client, 'run_workflow', { workflow: { nodes: [], edges: [] } });
      expect(run).toMatchObject({ isError: true, value: { error: { code: 'forbidden', details: { scope: 'runs:write' } } } });
      const save = await use(client, 'save_workflow', { id: 'nope', workflow: { nodes: [], edges: [] } });
      expect(save.value.error.details).toEqual({ scope: 'workflows:write' });
      await client.close();
    }
    expect((await json(server, '/api/workflows/nope')).status).toBe(401);
    expect((await json(server, '/api/workflows/nope', { headers: { authorization: `Bearer ${ADMIN}` } })).status).toBe(404);
  }, 60_000);

  it('needs a token', async () => {
    const res = await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(res.status).toBe(401);
    const wrong = await fetch(`${server.url}/mcp`, { method: 'POST', headers: { authorization: 'Bearer pat_nothing' }, body: '{}' });
    expect(wrong.status).toBe(401);
  });
});
