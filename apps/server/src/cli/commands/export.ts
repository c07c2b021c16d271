import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalWorkflowText, workflowFileName } from '../../workflow-files/canonical-file.ts';
import { type Command, EXIT_OK, parseCommand, SERVER_OPTION, UsageError } from '../command.ts';
import { remote } from '../remote.ts';
import { withLocalEngine } from './local-settings.ts';

interface Listed {
  id: string;
  mod: string | null;
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'Writes every workflow to DIR/<id>.workflow.json, canonically, for git.',
  help: `Usage: pattern export DIR [--server URL]

Writes one file per saved workflow, DIR/<id>.workflow.json: keys in a fixed order, 2-space
indent, positions rounded to whole pixels, no editor state and no run data, so the same
workflow always gives the same file. Workflows that mods ship are left out. Reads the local data
dir, or a running server with --server (PATTERN_ADMIN_TOKEN authorises).`,
  async run(args, io) {
    const { values, positionals } = parseCommand(args, SERVER_OPTION);
    const [dir, extra] = positionals;
    if (dir === undefined || extra !== undefined) throw new UsageError('name one folder to export to');
    const documents: Array<Record<string, unknown> & { id: string }> = [];
    if (values.server !== undefined) {
      const api = remote(values.server);
      const { workflows } = await api.get<{ workflows: Listed[] }>('/api/workflows');
      for (const listed of workflows.filter((w) => w.mod === null)) {
        const { document } = await api.get<{ document: Record<string, unknown> }>(`/api/workflows/${encodeURIComponent(listed.id)}`);
        documents.push({ ...document, id: listed.id });
      }
    } else {
      await withLocalEngine({ data: true }, async ({ engine }) => {
        for (const entry of engine.workflows.list()) if (entry.mod === undefined) documents.push({ ...entry.document, id: entry.id });
      });
    }
    mkdirSync(dir, { recursive: true });
    for (const document of documents) writeFileSync(join(dir, workflowFileName(document.id)), canonicalWorkflowText(document));
    io.out(`exported ${documents.length} workflow${documents.length === 1 ? '' : 's'} to ${dir}\n`);
    return EXIT_OK;
  },
};
