import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '@pattern/testing';
import { testServer } from '@pattern/testing/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { runCli } from '../src/cli/main.ts';
import type { PatternServer } from '../src/index.ts';
import { root } from './helpers.ts';

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

let config: string;
const previousConfig = process.env.PATTERN_CONFIG;

/** The same command line in this process: what most cases need, without a process start each. */
async function cli(...args: string[]): Promise<Ran> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { out: (text) => void (stdout += text), err: (text) => void (stderr += text) });
  return { code, stdout, stderr };
}

/** `npx pattern ...` from the repository root, as a person or a CI job runs it, on a config and data dir of the test's own. */
function pattern(...args: string[]): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      'npx',
      ['pattern', ...args],
      { cwd: root, env: { ...process.env, PATTERN_CONFIG: config, PATTERN_ADMIN_TOKEN: '' } },
      (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

/**
 * The workflows of the testing chapter: what it tells people to write must pass next to an exported
 * one. Every other template, with the mods and indexes its chapter sets up, is tested by the docs mod.
 */
function handbookWorkflows(): Array<{ id: string; text: string }> {
  const found: Array<{ id: string; text: string }> = [];
  for (const chapter of [join(root, 'mods/docs/handbook/guides/testing-workflows.md')]) {
    for (const [, block] of readFileSync(chapter, 'utf8').matchAll(/```workflow\n([\s\S]*?)```/g)) {
      if (!block?.includes('"tests"')) continue;
      const document = JSON.parse(block) as { id: string };
      found.push({ id: document.id, text: block });
    }
  }
  return found;
}

let server: PatternServer;
let exported: string;

beforeAll(async () => {
  const dir = tempDir();
  config = join(dir, 'pattern.config.json');
  writeFileSync(config, JSON.stringify({ dataDir: join(dir, 'data'), mods: ['@pattern/mod-store'] }));
  process.env.PATTERN_CONFIG = config;
  server = await testServer();
  exported = join(dir, 'workflows');
});
afterAll(async () => {
  await server.stop();
  if (previousConfig === undefined) delete process.env.PATTERN_CONFIG;
  else process.env.PATTERN_CONFIG = previousConfig;
});

// Each command is a process of its own that loads TypeScript through tsx: seconds, not milliseconds.
describe('the pattern command', { timeout: 120_000 }, () => {
  it('exports the seeded workflow canonically and passes its test cases, and those of the handbook', async () => {
    const exportRun = await pattern('export', exported, '--server', server.url);
    expect(exportRun, exportRun.stderr).toMatchObject({ code: 0 });
    const text = readFileSync(join(exported, 'hello.workflow.json'), 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "id": "hello",');
    expect(Object.keys(JSON.parse(text))).toEqual(['id', 'name', 'description', 'nodes', 'edges', 'tests']);

    const handbook = handbookWorkflows();
    expect(handbook.length).toBeGreaterThan(0);
    for (const { id, text: body } of handbook) writeFileSync(join(exported, `${id}.workflow.json`), body);

    const run = await pattern('test', exported);
    expect(run, run.stderr).toMatchObject({ code: 0 });
    expect(run.stdout).toContain('✓ greets by name');
    expect(run.stdout).toMatch(/\d+ passed, 0 failed/);
  });

  it('writes JUnit XML that the JUnit schema accepts, and exits 1 naming what differed', async () => {
    const dir = tempDir();
    const hello = JSON.parse(readFileSync(join(exported, 'hello.workflow.json'), 'utf8'));
    hello.tests[0].expect.nodes.greet.outputs.text = 'Hi, Ada!';
    writeFileSync(join(dir, 'hello.workflow.json'), JSON.stringify(hello));
    const report = join(dir, 'report.xml');
    const run = await pattern('test', dir, '--reporter', 'junit', '--output', report);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✗ greets by name');
    expect(run.stdout).toContain('nodes.greet.outputs.text: expected "Hi, Ada!", got "Hello, Ada!"');
    expect(run.stdout).toContain('the node got: {"template":"Hello, {{ name }}!","data":{"name":"Ada"}}');
    const xml = readFileSync(report, 'utf8');
    const checked = await validateXML({
      xml: { fileName: 'report.xml', contents: xml },
      schema: { fileName: 'JUnit.xsd', contents: readFileSync(join(root, 'apps/server/test/fixtures/junit/JUnit.xsd'), 'utf8') },
    });
    expect(checked.errors).toEqual([]);
    expect(checked.valid).toBe(true);
    expect(xml).toContain('<failure type="mismatch" message="nodes.greet.outputs.text: expected &quot;Hi, Ada!&quot;');

    const json = await cli('test', dir, '--reporter', 'json', '--bail');
    expect(JSON.parse(json.stdout)).toMatchObject({ passed: 0, failed: 1, workflows: [{ workflowId: 'hello', report: { cases: [{ ok: false }] } }] });
  });

  it('validates files with located problems, and refuses a bad command line with exit 2', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'broken.workflow.json'), '{\n  "nodes": [\n    { "id": "a", "op": "flow.input" },,\n  ]\n}\n');
    writeFileSync(join(dir, 'wrong.workflow.json'), JSON.stringify({ nodes: [{ id: 'a', op: 'math.ad' }] }));
    writeFileSync(
      join(dir, 'stale.workflow.json'),
      JSON.stringify({ nodes: [{ id: 'in', op: 'flow.input' }], tests: [{ name: 'old', mocks: { gone: { outputs: {} } }, expect: {} }] }),
    );
    const bad = await cli('validate', dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${join(dir, 'broken.workflow.json')}:3:`);
    expect(bad.stderr).toMatch(/wrong\.workflow\.json: nodes\[0\]\.op: .*math\.ad/);
    expect(bad.stderr).toContain(
      'stale.workflow.json: tests[0].mocks.gone: Test case "old" mocks node "gone", which the workflow does not have [unknown_node]',
    );
    const good = await cli('validate', join(exported, 'hello.workflow.json'));
    expect(good, good.stderr).toMatchObject({ code: 0 });
    expect((await pattern('test', '--reporter', 'tap')).code).toBe(2);
    expect((await cli('frobnicate')).code).toBe(2);
    for (const command of ['start', 'dev', 'test', 'validate', 'run', 'export', 'import']) {
      const help = await cli(command, '--help');
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: pattern ${command}`);
    }
    expect((await cli('start', 'extra')).code).toBe(2);
    expect((await cli('validate')).code).toBe(2);
  });

  it('works on the local data dir without a server: import, test, export give back the same files', async () => {
    const imported = await cli('import', exported);
    expect(imported, imported.stderr).toMatchObject({ code: 0 });
    const tested = await cli('test');
    expect(tested, tested.stderr).toMatchObject({ code: 0 });
    expect(tested.stdout).toContain('✓ greets anyone');
    const again = tempDir();
    expect((await cli('export', again)).code).toBe(0);
    expect(readFileSync(join(again, 'hello.workflow.json'), 'utf8')).toBe(readFileSync(join(exported, 'hello.workflow.json'), 'utf8'));
    for (const name of readdirSync(exported))
      expect(JSON.parse(readFileSync(join(again, name), 'utf8'))).toEqual(JSON.parse(readFileSync(join(exported, name), 'utf8')));
  });

  it('imports a folder, refusing a route clash without changing anything unless --force, and runs a file', async () => {
    const target = await testServer({ seed: false });
    try {
      const dir = tempDir();
      const route = (id: string, path: string) => ({
        id,
        nodes: [
          { id: 'request', op: 'http.request', config: { method: 'GET', path } },
          { id: 'response', op: 'http.response', config: { status: 200, body: id } },
        ],
        edges: [],
      });
      await fetch(`${target.url}/api/workflows/owner`, { method: 'PUT', body: JSON.stringify(route('owner', '/things/:id')) });
      writeFileSync(join(dir, 'taker.workflow.json'), JSON.stringify(route('taker', '/things/:name')));
      writeFileSync(join(dir, 'other.workflow.json'), JSON.stringify(route('other', '/other')));
      const refused = await cli('import', dir, '--server', target.url);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('GET /things/:name is already served by workflow "owner"');
      expect(target.engine.workflows.get('other')).toBeUndefined();

      const forced = await cli('import', dir, '--force', '--server', target.url);
      expect(forced.code).toBe(1);
      expect(forced.stdout).toContain('imported 1 workflow, left out 1');
      expect(target.engine.workflows.get('other')).toBeDefined();
      expect(target.engine.workflows.get('taker')).toBeUndefined();

      const sum = join(dir, 'sum.json');
      writeFileSync(
        sum,
        JSON.stringify({
          nodes: [
            { id: 'in', op: 'flow.input' },
            { id: 'add', op: 'math.add', config: { b: 1 } },
            { id: 'out', op: 'flow.output' },
          ],
          edges: [
            { from: { node: 'in', port: 'value' }, to: { node: 'add', port: 'a' } },
            { from: { node: 'add', port: 'result' }, to: { node: 'out', port: 'value' } },
          ],
        }),
      );
      const ran = await cli('run', sum, '--input', '41');
      expect(ran, ran.stderr).toMatchObject({ code: 0, stdout: '42\n' });
      const remoteRun = await cli('run', 'other', '--server', target.url);
      expect(remoteRun.code).toBe(0);
      const failed = await cli('run', 'missing', '--server', target.url);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toContain('missing');
    } finally {
      await target.stop();
    }
  });

  it('imports a caller and the workflow it calls from one folder into an empty server, callee first', async () => {
    const target = await testServer({ seed: false });
    try {
      const dir = tempDir();
      const caller = {
        id: 'a-caller',
        nodes: [
          { id: 'in', op: 'flow.input' },
          { id: 'call', op: 'workflow.call', config: { workflow: 'b-callee' } },
          { id: 'out', op: 'flow.output' },
        ],
        edges: [
          { from: { node: 'in', port: 'value' }, to: { node: 'call', port: 'input' } },
          { from: { node: 'call', port: 'output' }, to: { node: 'out', port: 'value' } },
        ],
      };
      const callee = {
        id: 'b-callee',
        nodes: [
          { id: 'in', op: 'flow.input' },
          { id: 'add', op: 'math.add', config: { b: 1 } },
          { id: 'out', op: 'flow.output' },
        ],
        edges: [
          { from: { node: 'in', port: 'value' }, to: { node: 'add', port: 'a' } },
          { from: { node: 'add', port: 'result' }, to: { node: 'out', port: 'value' } },
        ],
      };
      writeFileSync(join(dir, 'a-caller.workflow.json'), JSON.stringify(caller));
      writeFileSync(join(dir, 'b-callee.workflow.json'), JSON.stringify(callee));
      const imported = await cli('import', dir, '--server', target.url);
      expect(imported, imported.stderr).toMatchObject({ code: 0 });
      expect(imported.stdout).toContain('imported 2 workflows');
      const ran = await cli('run', 'a-caller', '--server', target.url, '--input', '41');
      expect(ran, ran.stderr).toMatchObject({ code: 0, stdout: '42\n' });

      // A call of a workflow neither saved nor in the folder still refuses the file.
      const lonely = tempDir();
      writeFileSync(
        join(lonely, 'c.workflow.json'),
        JSON.stringify({ ...caller, id: 'c', nodes: caller.nodes.map((n) => (n.id === 'call' ? { ...n, config: { workflow: 'nowhere' } } : n)) }),
      );
      const refused = await cli('import', lonely, '--server', target.url);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('There is no saved workflow "nowhere"');
    } finally {
      await target.stop();
    }
  });
});
