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
anyway and the others left out (still reported, exit 1). Writes to the local data dir, or to a
running server with --server (PATTERN_ADMIN_TOKEN authorises).`,
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

async function importInto(to: Destination, files: string[], force: boolean, io: Io): Promise<number> {
  const refused = new Map<string, string>();
  const ready: Array<{ file: string; id: string; document: Record<string, unknown>; route?: string }> = [];
  for (const file of files) {
    const read = readWorkflowFile(file);
    if (!read.ok) {
      refused.set(file, `${read.line ? `line ${read.line}: ` : ''}${read.message}`);
      continue;
    }
    const problems = await to.validate(read.document);
    if (problems.length > 0) {
      refused.set(file, problems.map((p) => `${p.path || '(workflow)'}: ${p.message}`).join('; '));
      continue;
    }
    const route = routeOf(WorkflowSchema.parse(read.document) as Workflow);
    ready.push({ file, id: read.id, document: read.document, ...(route ? { route: `${route.method} ${route.path}` } : {}) });
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
  for (const entry of ready.filter((r) => !refused.has(r.file))) {
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
