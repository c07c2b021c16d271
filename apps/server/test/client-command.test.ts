import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '@pattern/testing';
import { testServer } from '@pattern/testing/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.ts';
import type { PatternServer } from '../src/index.ts';
import { edge, root } from './helpers.ts';

/** `pattern client` writes a client that the compiler holds to the routes' contracts, and that works against the server. */

let server: PatternServer;
let dir: string;

const ORDER = {
  type: 'object',
  required: ['items'],
  additionalProperties: false,
  properties: {
    items: {
      type: 'array',
      items: { type: 'object', required: ['sku', 'qty'], properties: { sku: { type: 'string' }, qty: { type: 'integer', minimum: 1 } } },
    },
  },
};

function run(command: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: dir }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, output: stdout + stderr });
    });
  });
}

const tsc = (project: string) => run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', project]);

function project(name: string, program: string, emit: boolean): string {
  writeFileSync(join(dir, `${name}.ts`), program);
  const compilerOptions = {
    target: 'es2022',
    module: 'nodenext',
    moduleResolution: 'nodenext',
    strict: true,
    skipLibCheck: true,
    outDir: 'out',
    noEmit: !emit,
  };
  writeFileSync(join(dir, `tsconfig.${name}.json`), JSON.stringify({ compilerOptions, files: [`${name}.ts`] }));
  return `tsconfig.${name}.json`;
}

beforeAll(async () => {
  server = await testServer();
  await server.engine.workflows.save('orders.create', {
    name: 'Create an order',
    nodes: [
      { id: 'req', op: 'http.request', config: { method: 'POST', path: '/orders', bodySchema: ORDER } },
      { id: 'res', op: 'http.response', config: { status: 201, bodySchema: { '201': ORDER } } },
    ],
    edges: [edge('req', 'body', 'res', 'body')],
  });
  dir = tempDir();
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  // The program resolves openapi-fetch (and nothing else) as a project that installed it would.
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(join(root, 'node_modules/openapi-fetch'), join(dir, 'node_modules/openapi-fetch'));
});

afterAll(() => server.stop());

describe('pattern client', () => {
  it('writes a typed client of the routes from a running server', async () => {
    let output = '';
    const code = await runCli(['client', '--out', join(dir, 'client.ts'), '--server', server.url], {
      out: (text) => void (output += text),
      err: (text) => void (output += text),
    });
    // The server's first start made `hello` too.
    expect(output).toContain('wrote a client of 2 route paths');
    expect(code).toBe(0);
    const source = readFileSync(join(dir, 'client.ts'), 'utf8');
    expect(source).toContain('"/orders"');
    expect(source).not.toContain('/api/runs');
  });

  it('compiles and runs a program that keeps the contract, against the live server', async () => {
    const program = `import { createClient } from './client.js';
declare const process: { argv: string[] };
const api = createClient(process.argv[2] ?? '');
const { data, error, response } = await api.POST('/orders', { body: { items: [{ sku: 'tea', qty: 2 }] } });
const qty: number | undefined = data?.items[0]?.qty;
console.log(JSON.stringify({ status: response.status, qty, error: error ?? null }));
`;
    const compiled = await tsc(project('good', program, true));
    expect(compiled.output).toBe('');
    expect(compiled.code).toBe(0);
    const ran = await run(process.execPath, [join(dir, 'out/good.js'), server.url]);
    expect(ran.code).toBe(0);
    expect(JSON.parse(ran.output)).toEqual({ status: 201, qty: 2, error: null });
  });

  it('makes a wrong body a compile error', async () => {
    const program = `import { createClient } from './client.js';
const api = createClient('http://127.0.0.1:1');
await api.POST('/orders', { body: { items: [{ sku: 'tea', qty: 'two' }] } });
`;
    const compiled = await tsc(project('wrong', program, false));
    expect(compiled.code).not.toBe(0);
    expect(compiled.output).toMatch(/wrong\.ts\(3,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/);
  });
});
