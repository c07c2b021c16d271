import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { helloWorkflow } from '@pattern/server';
import { tempDir } from '@pattern/testing';
import { Lexer } from 'marked';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { HANDBOOK, handbookTemplates, type Template } from './helpers/handbook-templates.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const junitSchema = readFileSync(join(root, 'apps/server/test/fixtures/junit/JUnit.xsd'), 'utf8');

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** The handbook's templates, and the `hello` workflow a first start saves: what Pattern ships. */
let templates: Template[];
let project: string;

/** `pattern test`, the command itself in a process of its own, on the project this file sets up. */
function patternTest(...args: string[]): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(root, 'apps/server/bin/pattern.mjs'), 'test', ...args],
      { cwd: project, env: { ...process.env, PATTERN_CONFIG: join(project, 'pattern.config.json'), PATTERN_ADMIN_TOKEN: '' } },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function writeTemplates(dir: string, list: readonly Template[]): void {
  mkdirSync(dir, { recursive: true });
  for (const template of list) writeFileSync(join(dir, template.fileName), `${JSON.stringify(template.document, null, 2)}\n`);
}

/** The `ts` block of a chapter that holds `contains`, as the reader copies it into a file. */
function codeBlock(chapter: string, contains: string): string {
  const tokens = Lexer.lex(readFileSync(join(HANDBOOK, chapter), 'utf8'));
  const block = tokens.find((token) => token.type === 'code' && token.lang === 'ts' && token.text.includes(contains)) as { text: string } | undefined;
  if (!block) throw new Error(`${chapter} has no ts block containing "${contains}"`);
  return block.text;
}

/** The JUnit report, checked against the JUnit schema; by suite name, its `tests` and `failures` and how many `testcase`s it holds. */
async function junitSuites(xml: string): Promise<Map<string, { tests: number; failures: number; cases: number }>> {
  const checked = await validateXML({ xml: { fileName: 'report.xml', contents: xml }, schema: { fileName: 'JUnit.xsd', contents: junitSchema } });
  expect(checked.errors).toEqual([]);
  const suites = new Map<string, { tests: number; failures: number; cases: number }>();
  for (const [, attributes, body] of xml.matchAll(/<testsuite ([^>]*)>([\s\S]*?)<\/testsuite>/g)) {
    const attribute = (name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(attributes ?? '')?.[1] ?? '';
    suites.set(attribute('name'), {
      tests: Number(attribute('tests')),
      failures: Number(attribute('failures')),
      cases: (body?.match(/<testcase /g) ?? []).length,
    });
  }
  return suites;
}

beforeAll(async () => {
  const hello = {
    source: 'apps/server/src/seed.ts',
    name: 'Hello',
    document: helloWorkflow as Template['document'],
    fileName: 'hello.workflow.json',
  };
  templates = [hello, ...(await handbookTemplates())];
  project = tempDir();
  // The project a reader of the handbook has: the mods Pattern ships, the mod the "Write your own
  // mod" guide builds (in mods/customers.ts, next to the config, as the guide says), and the
  // indexes the Schedules and Sub-workflows guides ask for.
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'handbook-reader', private: true, type: 'module' }));
  symlinkSync(join(root, 'node_modules'), join(project, 'node_modules'), 'dir');
  mkdirSync(join(project, 'mods'));
  writeFileSync(join(project, 'mods/customers.ts'), codeBlock('guides/write-a-mod.md', 'export default defineMod'));
  const shipped = JSON.parse(readFileSync(join(root, 'pattern.config.json'), 'utf8')) as { mods: string[] };
  const config = {
    dataDir: join(project, 'data'),
    mods: [...shipped.mods, './mods/customers.ts'],
    options: {
      store: {
        collections: [
          { name: 'sessions', indexes: ['createdAtMs'] },
          { name: 'orders', indexes: ['status'] },
        ],
      },
    },
  };
  writeFileSync(join(project, 'pattern.config.json'), JSON.stringify(config, null, 2));
});

// Each run is a process of its own that loads the server's TypeScript: seconds, not milliseconds.
describe('the shipped workflows under `pattern test`', { timeout: 180_000 }, () => {
  it('are many, each in a file of its own', () => {
    expect(templates.length).toBeGreaterThan(10);
    const names = templates.map((t) => t.fileName);
    expect(new Set(names).size, `two templates would share a file: ${names.join(', ')}`).toBe(names.length);
  });

  it('every one carries test cases', () => {
    const without = templates.filter((t) => !t.document.tests?.length).map((t) => `${t.source}: ${t.name}`);
    expect(without, 'templates without test cases').toEqual([]);
  });

  it('pass, with a JUnit report that counts every case of every template', async () => {
    const dir = join(project, 'templates');
    writeTemplates(dir, templates);
    const report = join(project, 'templates.xml');
    const run = await patternTest(dir, '--reporter', 'junit', '--output', report);
    expect(run, run.stdout + run.stderr).toMatchObject({ code: 0 });
    const total = templates.reduce((sum, t) => sum + (t.document.tests?.length ?? 0), 0);
    expect(run.stdout).toContain(`${total} passed, 0 failed`);

    const suites = await junitSuites(readFileSync(report, 'utf8'));
    expect([...suites.keys()].sort()).toEqual(templates.map((t) => t.fileName.replace(/\.workflow\.json$/, '')).sort());
    for (const template of templates) {
      const suite = suites.get(template.fileName.replace(/\.workflow\.json$/, ''));
      const cases = template.document.tests?.length ?? 0;
      expect(suite, `${template.source}: ${template.name}`).toEqual({ tests: cases, failures: 0, cases });
    }
  });

  it('fail with exit 1, saying where a run differed or why it could not start, in the terminal and in JUnit', async () => {
    const webhook = templates.find((t) => t.name === 'Verify a webhook');
    const greeting = templates.find((t) => t.name === 'Inline greeting');
    // Without Delete a session, the workflow it maps over, no case of Nightly cleanup can start.
    const cleanup = templates.find((t) => t.name === 'Nightly cleanup');
    if (!webhook?.document.tests || !greeting?.document.tests || !cleanup?.document.tests) throw new Error('a template this case breaks is gone');
    const broken: Template = structuredClone(webhook);
    const kept = broken.document.tests?.[0];
    if (!kept) throw new Error('Verify a webhook has no first case');
    kept.expect = { nodes: { save: { outputs: { doc: { data: { order: 'o-1', status: 'refunded' } } } } } };
    const dir = join(project, 'broken');
    writeTemplates(dir, [broken, greeting, cleanup]);
    const report = join(project, 'broken.xml');
    const run = await patternTest(dir, '--reporter', 'junit', '--output', report);

    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toContain(`✗ ${kept.name}`);
    expect(run.stdout).toContain('nodes.save.outputs.doc.data.status: expected "refunded", got "paid"');
    expect(run.stdout).toMatch(/run: validation_failed: The workflow has 1 problem \(nodes\[\d+\]\.config\.workflow: .*"sessions\.delete-one"\)/);
    const passed = webhook.document.tests.length - 1 + greeting.document.tests.length;
    expect(run.stdout).toContain(`${passed} passed, ${1 + cleanup.document.tests.length} failed`);

    const xml = readFileSync(report, 'utf8');
    const suites = await junitSuites(xml);
    const cases = (template: Template) => template.document.tests?.length ?? 0;
    expect(suites.get('webhooks.receive')).toEqual({ tests: cases(webhook), failures: 1, cases: cases(webhook) });
    expect(suites.get('inline-greeting')).toEqual({ tests: cases(greeting), failures: 0, cases: cases(greeting) });
    expect(suites.get('nightly-cleanup')).toEqual({ tests: cases(cleanup), failures: cases(cleanup), cases: cases(cleanup) });
    expect(xml).toMatch(
      /<failure type="mismatch" message="nodes\.save\.outputs\.doc\.data\.status: expected &quot;refunded&quot;, got &quot;paid&quot;">/,
    );
  });
});
