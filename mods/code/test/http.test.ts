import { readFileSync } from 'node:fs';
import { type PatternServer, testServer } from '@pattern/testing/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeMod } from '../src/index.ts';

let server: PatternServer;

beforeAll(async () => {
  server = await testServer({ mods: [codeMod], storage: 'memory', seed: false, modOptions: { code: { timeoutMs: 250 } } });
});
afterAll(async () => {
  await server.stop();
});

const put = (id: string, body: unknown) =>
  fetch(`${server.url}/api/workflows/${id}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** GET <path> → code.js builds a body from the path's params → http.response. */
function route(path: string, source: string) {
  return {
    name: `code route ${path}`,
    nodes: [
      { id: 'req', op: 'http.request', config: { method: 'GET', path } },
      {
        id: 'js',
        op: 'code.js',
        config: { source, inputs: [{ name: 'params', schema: { type: 'object' } }], outputs: [{ name: 'body', schema: { type: 'object' } }] },
      },
      { id: 'res', op: 'http.response' },
    ],
    edges: [
      { from: { node: 'req', port: 'params' }, to: { node: 'js', port: 'params' } },
      { from: { node: 'js', port: 'body' }, to: { node: 'res', port: 'body' } },
    ],
  };
}

describe('code.js on a real server', () => {
  it('keeps a workflow whose code does not parse as a draft with problems, naming config.source', async () => {
    const response = await put('broken', route('/broken', 'return { body: { a: 1 } '));
    const saved = (await response.json()) as { valid: boolean; problems: Array<{ path: string; message: string }> };
    expect(saved.valid).toBe(false);
    expect(saved.problems[0]?.path).toBe('nodes[1].config.source');
    expect(saved.problems[0]?.message).toMatch(/\(line 1, column \d+\)$/);
  });

  it('serves a route whose body the code builds', async () => {
    const saved = await put('greet', route('/greet/:name', "return { body: { greeting: 'Hello, ' + inputs.params.name + '!' } };"));
    expect(saved.status).toBe(201);
    const response = await fetch(`${server.url}/greet/Ada`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ greeting: 'Hello, Ada!' });
  });

  it('answers other requests after a call that loops forever', async () => {
    expect((await put('spin', route('/spin', 'while (true) {}'))).status).toBe(201);
    const [spin, health] = await Promise.all([fetch(`${server.url}/spin`), fetch(`${server.url}/api/health`)]);
    expect(spin.status).toBeGreaterThanOrEqual(500);
    expect(health.status).toBe(200);
    const again = await fetch(`${server.url}/greet/Bob`);
    expect(await again.json()).toEqual({ greeting: 'Hello, Bob!' });
  });

  it('runs the op over the invoke API, with its error as a node error', async () => {
    const response = await fetch(`${server.url}/api/ops/code.js/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ config: { source: 'null.x' } }),
    });
    expect(response.status).toBe(200);
    const run = (await response.json()) as { status: string; error: { code: string; message: string } };
    expect(run.status).toBe('error');
    expect(run.error.code).toBe('code_error');
    expect(run.error.message).toBe("TypeError: cannot read property 'x' of null (line 1, column 5)");
  });
});

describe('the mod options', () => {
  it('stop the server at start when they are wrong, naming the option', async () => {
    await expect(testServer({ mods: [codeMod], storage: 'memory', seed: false, modOptions: { code: { timeoutMs: 0 } } })).rejects.toThrow(
      /options\.code\.timeoutMs/,
    );
  });
});

describe("the chapter's template", () => {
  it('"Reshape with code" answers as the chapter says', async () => {
    const chapter = readFileSync(new URL('../docs/code.md', import.meta.url), 'utf8');
    const fence = /```workflow\n([\s\S]*?)\n```/.exec(chapter)?.[1];
    // The route the chapter serves is taken by an earlier test here.
    await fetch(`${server.url}/api/workflows/greet`, { method: 'DELETE' });
    expect((await put('reshape', JSON.parse(fence ?? 'null'))).status).toBe(201);
    const response = await fetch(`${server.url}/greet/Ada`);
    expect(await response.json()).toEqual({ greeting: 'Hello, Ada!', length: 3 });
  });
});

describe('POST /api/code/check', () => {
  const check = (body: string) => fetch(`${server.url}/api/code/check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('answers whether a source compiles, and where it does not', async () => {
    const good = await check(JSON.stringify({ source: 'return { result: 1 };' }));
    expect(await good.json()).toEqual({ ok: true });
    const bad = await check(JSON.stringify({ source: 'const a = ;' }));
    expect(bad.status).toBe(200);
    expect(await bad.json()).toMatchObject({ ok: false, code: 'code_syntax', line: 1, column: 11 });
  });

  it('refuses a body without a source with a 4xx naming the field', async () => {
    const response = await check(JSON.stringify({ code: 'x' }));
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error.message).toMatch(/source|code/);
    expect((await check('not json')).status).toBe(400);
  });
});
