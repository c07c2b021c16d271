import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { modShapeProblems } from '@pattern/testing/mod-shape';
import { describe, expect, it } from 'vitest';

/** The shape every source tree keeps: no import cycle, no file over 400 lines, each layer importing only from those below it. */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const MAX_LINES = 400;
/**
 * Source files allowed over MAX_LINES, each with the reason it cannot be split; keep this empty.
 * `path: reason`, relative to the repository root.
 */
const LONG_FILES: Record<string, string> = {};
const AREAS = ['packages/*/src', 'mods/*/src', 'mods/*/examples', 'templates/*/src', 'apps/server/src', 'apps/web/src'];
/** Lower layers first; a file may import from its own layer and those before it. Test support (packages/testing) has no layer. */
const LAYERS = ['packages/core/', 'packages/postgres/', 'packages/sqlite/', 'mods/', 'apps/server/', 'apps/web/'];
const STATEMENT = /^\s*(?:import|export)\s+(type\s+)?([^'";]*?\s+from\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm;

interface Edge {
  to: string;
  typeOnly: boolean;
  specifier: string;
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

function areaDirs(pattern: string): string[] {
  const [base, rest] = pattern.split('/*/');
  if (rest === undefined) return [join(ROOT, pattern)];
  return readdirSync(join(ROOT, base as string)).map((name) => join(ROOT, base as string, name, rest));
}

/** `@pattern/x` and its subpaths, as the workspaces' package.json files export them. */
function workspaceEntries(): Map<string, string> {
  const entries = new Map<string, string>();
  for (const group of ['packages', 'mods', 'apps']) {
    for (const name of readdirSync(join(ROOT, group))) {
      const manifest = join(ROOT, group, name, 'package.json');
      if (!existsSync(manifest)) continue;
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name: string; exports?: Record<string, string> };
      for (const [sub, target] of Object.entries(pkg.exports ?? {}))
        entries.set(sub === '.' ? pkg.name : `${pkg.name}/${sub.slice(2)}`, join(ROOT, group, name, target));
    }
  }
  return entries;
}

function resolveImport(from: string, specifier: string, entries: Map<string, string>): string | undefined {
  if (!specifier.startsWith('.')) return entries.get(specifier);
  const base = resolve(dirname(from), specifier);
  return [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((path) => existsSync(path) && statSync(path).isFile());
}

function importsOf(file: string, entries: Map<string, string>): Edge[] {
  const edges: Edge[] = [];
  for (const match of readFileSync(file, 'utf8').matchAll(STATEMENT)) {
    const specifier = (match[3] ?? match[4]) as string;
    const to = resolveImport(file, specifier, entries);
    const names = match[2] ?? '';
    const allTypes = /^\s*\{[^}]*\}\s+from\s+$/.test(names) && /^\s*\{(\s*type\s+\w+(\s+as\s+\w+)?\s*,?)+\s*\}/.test(names);
    if (to) edges.push({ to, typeOnly: match[1] !== undefined || allTypes, specifier });
  }
  return edges;
}

/** Tarjan's strongly connected components: every group of files that import each other in a circle. */
function cycles(graph: Map<string, Edge[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file) as number);
    stack.push(file);
    onStack.add(file);
    for (const { to } of graph.get(file) ?? []) {
      if (!graph.has(to)) continue;
      if (!index.has(to)) {
        visit(to);
        low.set(file, Math.min(low.get(file) as number, low.get(to) as number));
      } else if (onStack.has(to)) low.set(file, Math.min(low.get(file) as number, index.get(to) as number));
    }
    if (low.get(file) !== index.get(file)) return;
    const group: string[] = [];
    for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
      onStack.delete(member);
      group.push(member);
      if (member === file) break;
    }
    if (group.length > 1 || (graph.get(file) ?? []).some((edge) => edge.to === file)) found.push(group.map((f) => relative(ROOT, f)).sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return found;
}

const entries = workspaceEntries();
const areas = AREAS.flatMap(areaDirs).filter(existsSync);
const graph = new Map(areas.flatMap(sourceFiles).map((file) => [file, importsOf(file, entries)] as const));
const allCycles = cycles(graph);
/** The template is a mod, in the mods' layer. */
const layerPath = (file: string) => relative(ROOT, file).replace(/^templates\//, 'mods/template-');
const layerOf = (file: string) => LAYERS.findIndex((prefix) => layerPath(file).startsWith(prefix));
const modOf = (file: string) => /^mods\/([^/]+)\//.exec(layerPath(file))?.[1];

describe.each(areas.map((dir) => relative(ROOT, dir)))('%s', (area) => {
  const inArea = (file: string) => file.startsWith(`${area}/`);
  const files = [...graph.keys()].filter((file) => inArea(relative(ROOT, file)));

  it('has no import cycle', () => {
    expect(allCycles.filter((group) => group.some(inArea))).toEqual([]);
  });

  it(`has no file over ${MAX_LINES} lines`, () => {
    const lines = (file: string) => readFileSync(file, 'utf8').replace(/\n$/, '').split('\n').length;
    expect(
      files
        .filter((file) => lines(file) > MAX_LINES && !(relative(ROOT, file) in LONG_FILES))
        .map((file) => `${relative(ROOT, file)}: ${lines(file)} lines`),
    ).toEqual([]);
  });

  it('imports only from its own layer and the layers below, and from another mod never', () => {
    const wrong = files
      .filter((file) => layerOf(file) >= 0)
      .flatMap((file) =>
        (graph.get(file) ?? [])
          .filter(({ to }) => layerOf(to) > layerOf(file) || (modOf(file) !== undefined && modOf(to) !== undefined && modOf(to) !== modOf(file)))
          .map(({ specifier }) => `${relative(ROOT, file)} imports ${specifier}`),
      );
    expect(wrong).toEqual([]);
  });

  if (area === 'apps/web/src') {
    it('takes only types from the server and core, so neither lands in the bundle', () => {
      const wrong = files.flatMap((file) =>
        (graph.get(file) ?? [])
          .filter(({ to, typeOnly }) => !typeOnly && layerOf(to) !== layerOf(file))
          .map(({ specifier }) => `${relative(ROOT, file)} imports ${specifier}`),
      );
      expect(wrong).toEqual([]);
    });
  }

  if (area === 'packages/core/src') {
    it('knows nothing of HTTP servers, SQL or React', () => {
      const foreign = /^(hono|pg|better-sqlite3|react|react-dom|node:http|node:https|node:net)(\/|$)/;
      const wrong = files.flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(STATEMENT)]
          .map((match) => (match[3] ?? match[4]) as string)
          .filter((specifier) => foreign.test(specifier) || specifier.startsWith('@pattern/'))
          .map((specifier) => `${relative(ROOT, file)} imports ${specifier}`),
      );
      expect(wrong).toEqual([]);
    });
  }
});

/** Every mod, and the template new mods are copied from, keeps the shape CONTRIBUTING.md describes. */
const modDirs = ['mods', 'templates'].flatMap((group) =>
  readdirSync(join(ROOT, group))
    .map((name) => join(ROOT, group, name))
    .filter((dir) => existsSync(join(dir, 'package.json'))),
);

describe.each(modDirs.map((dir) => relative(ROOT, dir)))('%s', (dir) => {
  it('has the shape of a mod', () => {
    expect(modShapeProblems(join(ROOT, dir))).toEqual([]);
  });
});

describe('the exceptions to the line limit', () => {
  it('name files that exist and are still over the limit', () => {
    const stale = Object.keys(LONG_FILES).filter(
      (path) => !existsSync(join(ROOT, path)) || readFileSync(join(ROOT, path), 'utf8').split('\n').length <= MAX_LINES,
    );
    expect(stale).toEqual([]);
  });
});
