import { appendFileSync, cpSync, mkdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '@pattern/testing';
import { modShapeProblems } from '@pattern/testing/mod-shape';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSettings, type PatternServer, startServer } from '../src/index.ts';
import { json, root } from './helpers.ts';

let server: PatternServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** The template copied where a new mod would live, outside the repository, resolving packages as an installed mod does. */
function copyTemplate(): { dir: string; mod: string } {
  const dir = tempDir();
  const mod = join(dir, 'mods/counter');
  mkdirSync(join(dir, 'mods'));
  cpSync(join(root, 'templates/mod'), mod, { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return { dir, mod };
}

function writeConfig(dir: string, config: Record<string, unknown>): void {
  writeFileSync(join(dir, 'pattern.config.json'), JSON.stringify(config));
}

describe('the mod template', () => {
  it('keeps the shape of a mod', () => {
    expect(modShapeProblems(copyTemplate().mod)).toEqual([]);
  });

  it('loads from pattern.config.json, runs its op, serves its route, and keeps its counters across a restart', async () => {
    const { dir, mod } = copyTemplate();
    writeConfig(dir, { dataDir: 'data', mods: [join(mod, 'src/index.ts')] });
    server = await startServer({ settings: loadSettings({ PORT: '0' }, dir), quiet: true });
    const first = await json(server, '/api/ops/counter.increment/invoke', { method: 'POST', body: { inputs: { name: 'visits' } } });
    expect(first.body).toMatchObject({ status: 'ok', output: { value: 1 } });
    const second = await json(server, '/api/ops/counter.increment/invoke', { method: 'POST', body: { inputs: { name: 'visits', by: 4 } } });
    expect(second.body).toMatchObject({ status: 'ok', output: { value: 5 } });
    const bad = await json(server, '/api/counter/1-not-a-name');
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ error: { code: 'validation_failed', details: { field: 'name' } } });
    await server.stop();

    server = await startServer({ settings: loadSettings({ PORT: '0' }, dir), quiet: true });
    expect((await json(server, '/api/counter/visits')).body).toEqual({ name: 'visits', value: 5 });
  });

  it('stops the server at start, naming the setting, when its driver has no database', async () => {
    const { dir, mod } = copyTemplate();
    writeConfig(dir, { mods: [join(mod, 'src/index.ts')], options: { counter: { driver: 'postgres' } } });
    await expect(startServer({ settings: loadSettings({ PORT: '0' }, dir), quiet: true })).rejects.toThrow(
      'options.counter.driver: "postgres" needs a database URL',
    );
  });

  it('names what a copy breaks: a loose file, an op in a file not named after it that catches, a missing driver', () => {
    const { mod } = copyTemplate();
    writeFileSync(join(mod, 'src/helpers.ts'), 'export const x = 1;\n');
    renameSync(join(mod, 'src/ops/counter-increment.ts'), join(mod, 'src/ops/increment.ts'));
    appendFileSync(join(mod, 'src/ops/increment.ts'), 'export const safely = (work: () => void) => {\n  try {\n    work();\n  } catch {}\n};\n');
    renameSync(join(mod, 'src/drivers/postgres.ts'), join(mod, 'src/postgres.ts'));
    expect(modShapeProblems(mod)).toEqual([
      'src/helpers.ts is not a file of the shape: move it into a concept folder',
      'src/postgres.ts is not a file of the shape: move it into a concept folder',
      "src/ops/increment.ts catches: take the service's outcome as a value instead",
      'src/ops/increment.ts defines counter.increment: name it src/ops/counter-increment.ts',
      'src/drivers/postgres.ts is missing (or say "pattern": { "persistence": "none" } in package.json)',
    ]);
  });
});
