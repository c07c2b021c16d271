import { type Problem, routeOf, toErrorBody, type Workflow, WorkflowSchema } from '@pattern/core';
import { listWorkflowFiles } from '../../workflow-files/list-workflow-files.ts';
import { readWorkflowFile } from '../../workflow-files/read-workflow-file.ts';
import { type Command, EXIT_FAILED, EXIT_OK, type Io, parseCommand, SERVER_OPTION, UsageError } from '../command.ts';
import { remote } from '../remote.ts';
import { withLocalEngine } from './local-settings.ts';

/** Where workflows are imported to: the local data, or a running server's API. */
interface Destination {
  /** Saved workflows and the route each serves, as `METHOD /path`. */
  list(): Promise<Array<{ id: string; route: string | null }>>;
  validate(document: unknown): Promise<Problem[]>;
  save(id: string, document: unknown): Promise<void>;
}

/** Two routes clash when they match the same requests: `/users/:id` and `/users/:name` do. */
const routeKey = (route: string) => {
  const [method, path = ''] = route.split(' ');
  return `${method} ${path.replace(/:[^/]+/g, ':').replace(/\/+$/, '') || '/'}`;
};

export const importCommand: Command = {
  name: 'import',
  summary: 'Upserts the workflows of DIR/*.workflow.json; refuses clashing routes unless --force.',
  help: `Usage: pattern import DIR [--force] [--server URL]

Saves every DIR/*.workflow.json as the workflow its file names (created, or replaced). First
checks them all: a file that is not valid, or that would serve a route another workflow already
serves, is reported and nothing at all is changed. With --force the files that pass are imported
anyway and the others left out (still reported, exit 1). A workflow that calls another of the
folder is saved after it, so a folder written by export imports into an empty server. Writes
to the local data dir, or to a running server with --server (PATTERN_ADMIN_TOKEN authorises).`,
  async run(args, io) {
    const { values, positionals } = parseCommand(args, { force: { type: 'boolean', default: false }, ...SERVER_OPTION });
    const [dir, extra] = positionals;
    if (dir === undefined || extra !== undefined) throw new UsageError('name one folder to import from');
    const files = listWorkflowFiles([dir]);
    if (values.server !== undefined) {
      const api = remote(values.server);
      return importInto(
        {
          list: async () => (await api.get<{ workflows: Array<{ id: string; route: string | null }> }>('/api/workflows')).workflows,
          validate: async (document) => (await api.send<{ problems: Problem[] }>('POST', '/api/workflows/validate', document)).problems,
          save: async (id, document) => void (await api.send('PUT', `/api/workflows/${encodeURIComponent(id)}`, document)),
        },
        files,
        values.force,
        io,
      );
    }
    return withLocalEngine({ data: true }, ({ engine }) =>
      importInto(
        {
          list: async () => engine.workflows.list().map((e) => ({ id: e.id, route: e.route ? `${e.route.method} ${e.route.path}` : null })),
          validate: async (document) => engine.validate(document),
          save: async (id, document) => void (await engine.workflows.save(id, document)),
        },
        files,
        values.force,
        io,
      ),
    );
  },
};

/** The value a problem's path (`nodes[3].config.workflow`) names in a document. */
function valueAt(document: unknown, path: string): unknown {
  let value = document;
  for (const [, key, index] of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[index ?? (key as string)];
  }
  return value;
}

/**
 * A call of a workflow the folder itself brings is not a problem: that workflow is saved first.
 * What remains refuses the file; `needs` are the workflows to save before it.
 */
function withinFolder(document: unknown, problems: Problem[], folder: Set<string>): { refusing: Problem[]; needs: string[] } {
  const needs: string[] = [];
  const refusing = problems.filter((p) => {
    if (p.severity === 'warning') return false;
    const called = p.code === 'unknown_workflow' ? valueAt(document, p.path) : undefined;
    if (typeof called !== 'string' || !folder.has(called)) return true;
    needs.push(called);
    return false;
  });
  return { refusing, needs };
}

/** Callees before their callers, so that every save finds the workflows its document calls. */
function calleesFirst<T extends { id: string; needs: string[] }>(entries: T[]): T[] {
  const ordered: T[] = [];
  const placed = new Set<string>();
  let left = entries;
  while (left.length > 0) {
    const next = left.filter((e) => e.needs.every((id) => placed.has(id) || !left.some((l) => l.id === id)));
    // A cycle of calls cannot be ordered: its saves report what they find.
    const batch = next.length > 0 ? next : left;
    for (const entry of batch) {
      ordered.push(entry);
      placed.add(entry.id);
    }
    left = left.filter((e) => !placed.has(e.id));
  }
  return ordered;
}

async function importInto(to: Destination, files: string[], force: boolean, io: Io): Promise<number> {
  const refused = new Map<string, string>();
  const read = files.map((file) => ({ file, read: readWorkflowFile(file) }));
  const folder = new Set(read.flatMap(({ read }) => (read.ok ? [read.id] : [])));
  const ready: Array<{ file: string; id: string; document: Record<string, unknown>; route?: string; needs: string[] }> = [];
  for (const { file, read: parsed } of read) {
    if (!parsed.ok) {
      refused.set(file, `${parsed.line ? `line ${parsed.line}: ` : ''}${parsed.message}`);
      continue;
    }
    const { refusing, needs } = withinFolder(parsed.document, await to.validate(parsed.document), folder);
    if (refusing.length > 0) {
      refused.set(file, refusing.map((p) => `${p.path || '(workflow)'}: ${p.message}`).join('; '));
      continue;
    }
    const route = routeOf(WorkflowSchema.parse(parsed.document) as Workflow);
    ready.push({ file, id: parsed.id, document: parsed.document, needs, ...(route ? { route: `${route.method} ${route.path}` } : {}) });
  }
  const importing = new Set(ready.map((r) => r.id));
  // The folder's own version of a workflow counts, not the saved one it replaces.
  const served = new Map<string, string>();
  for (const saved of await to.list()) if (saved.route && !importing.has(saved.id)) served.set(routeKey(saved.route), saved.id);
  for (const entry of ready) {
    if (!entry.route) continue;
    const holder = served.get(routeKey(entry.route));
    if (holder !== undefined) refused.set(entry.file, `${entry.route} is already served by workflow "${holder}"`);
    else served.set(routeKey(entry.route), entry.id);
  }
  for (const [file, reason] of refused) io.err(`${file}: ${reason}\n`);
  if (refused.size > 0 && !force) {
    io.err(`nothing imported: ${refused.size} file${refused.size === 1 ? '' : 's'} cannot be (use --force to import the others)\n`);
    return EXIT_FAILED;
  }
  let imported = 0;
  for (const entry of calleesFirst(ready.filter((r) => !refused.has(r.file)))) {
    try {
      await to.save(entry.id, entry.document);
      imported++;
    } catch (error) {
      refused.set(entry.file, toErrorBody(error).message);
      io.err(`${entry.file}: ${toErrorBody(error).message}\n`);
    }
  }
  io.out(`imported ${imported} workflow${imported === 1 ? '' : 's'}${refused.size > 0 ? `, left out ${refused.size}` : ''}\n`);
  return refused.size > 0 ? EXIT_FAILED : EXIT_OK;
}
