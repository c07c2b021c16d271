import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/** The files every mod's `src/` holds at its top, and nothing else loose beside them (CONTRIBUTING.md, "The shape of a mod"). */
export const MOD_FILES = ['index.ts', 'open.ts', 'schemas.ts', 'service.ts'] as const;
/** The drivers of a mod that persists: one contract and the three kinds of storage Pattern runs on. */
export const DRIVER_FILES = ['driver.ts', 'memory.ts', 'sqlite.ts', 'postgres.ts'] as const;
/** In `src/ops/`, besides one file per op: the list, and the ports several ops share. */
const OPS_SUPPORT = new Set(['index.ts', 'ports.ts']);
export const MAX_LINES = 400;

/** A mod says it keeps nothing with `"pattern": { "persistence": "none" }` in its package.json. */
export function declaresNoPersistence(modDir: string): boolean {
  const manifest = join(modDir, 'package.json');
  if (!existsSync(manifest)) return false;
  const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { pattern?: { persistence?: unknown } };
  return pkg.pattern?.persistence === 'none';
}

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const isDir = (path: string) => existsSync(path) && statSync(path).isDirectory();
const lineCount = (file: string) => readFileSync(file, 'utf8').replace(/\n$/, '').split('\n').length;
/** `store.blob.put` lives in `src/ops/store-blob-put.ts`. */
export const opFileName = (op: string) => `${op.replaceAll('.', '-')}.ts`;

/**
 * What in one mod's folder departs from the shape, one sentence each; empty when it keeps it.
 * Checked from the files alone, so a mod copied anywhere can be checked before it is loaded.
 */
export function modShapeProblems(modDir: string): string[] {
  const dir = resolve(modDir);
  const src = join(dir, 'src');
  const at = (path: string) => relative(dir, path);
  const problems: string[] = [];
  if (!isDir(src)) return ['there is no src/ folder'];
  const loose = readdirSync(src).filter((name) => !isDir(join(src, name)));
  for (const name of MOD_FILES) if (!loose.includes(name)) problems.push(`src/${name} is missing`);
  for (const name of loose) {
    if (!(MOD_FILES as readonly string[]).includes(name)) problems.push(`src/${name} is not a file of the shape: move it into a concept folder`);
  }
  for (const folder of ['docs', 'test']) if (!isDir(join(dir, folder))) problems.push(`${folder}/ is missing`);
  if (!existsSync(join(src, 'routes/index.ts'))) problems.push('src/routes/index.ts is missing');
  if (isDir(join(src, 'examples'))) problems.push('src/examples/ belongs outside src/, in examples/');

  const index = join(src, 'index.ts');
  if (existsSync(index)) {
    const text = readFileSync(index, 'utf8');
    if ((text.match(/\bdefineMod\(/g) ?? []).length !== 1) problems.push('src/index.ts must call defineMod once');
    if (/^\s*(export\s+)?(async\s+)?(class|function)\s+/m.test(text.replace(/^export function \w+Mod\(/m, '')))
      problems.push('src/index.ts holds only the mod definition: move other functions and classes out of it');
  }

  const ops = join(src, 'ops');
  if (!existsSync(join(ops, 'index.ts'))) problems.push('src/ops/index.ts is missing');
  for (const file of files(ops).filter((path) => !OPS_SUPPORT.has(at(path).slice('src/ops/'.length)))) {
    const names = [...readFileSync(file, 'utf8').matchAll(/defineOp\(\{\s*name:\s*'([^']+)'/g)].map((match) => match[1] as string);
    // A lost race is the service's value ({ ok: false, ... }); an op that catches is casting an error into one.
    if (/\bcatch\b/.test(readFileSync(file, 'utf8'))) problems.push(`${at(file)} catches: take the service's outcome as a value instead`);
    if (names.length !== 1) problems.push(`${at(file)} must define exactly one op (it defines ${names.length})`);
    else if (opFileName(names[0] as string) !== at(file).slice('src/ops/'.length))
      problems.push(`${at(file)} defines ${names[0]}: name it src/ops/${opFileName(names[0] as string)}`);
  }

  const drivers = join(src, 'drivers');
  if (declaresNoPersistence(dir)) {
    if (isDir(drivers)) problems.push('src/drivers/ exists, yet package.json says "persistence": "none"');
    const touching = files(src).filter((file) => /\b(dataDir|databaseUrl)\b/.test(readFileSync(file, 'utf8')));
    for (const file of touching) problems.push(`${at(file)} reads dataDir or databaseUrl, yet package.json says "persistence": "none"`);
  } else {
    for (const name of DRIVER_FILES) {
      if (!existsSync(join(drivers, name)))
        problems.push(`src/drivers/${name} is missing (or say "pattern": { "persistence": "none" } in package.json)`);
    }
  }

  const sources = [...files(src), ...files(join(dir, 'examples'))].filter((path) => /\.tsx?$/.test(path));
  for (const file of sources) {
    if (lineCount(file) > MAX_LINES) problems.push(`${at(file)} has ${lineCount(file)} lines, over ${MAX_LINES}`);
  }
  return problems;
}
