import { existsSync } from 'node:fs';
import type { RunRecord } from '@pattern/core';
import { readWorkflowFile } from '../../workflow-files/read-workflow-file.ts';
import { type Command, EXIT_FAILED, EXIT_OK, parseCommand, SERVER_OPTION, UsageError } from '../command.ts';
import { remote } from '../remote.ts';
import { withLocalEngine } from './local-settings.ts';

export const runCommand: Command = {
  name: 'run',
  summary: 'Runs a saved workflow (by id) or a workflow file, and prints its output.',
  help: `Usage: pattern run ID|FILE [--input JSON] [--server URL]

Runs the workflow and prints its output as JSON; on failure prints the error and exits 1. A FILE
(a path that exists) runs as it is, without being saved. Runs on the local data dir (the run is
not kept in history), or on a running server with --server (PATTERN_ADMIN_TOKEN authorises).

  --input   the run's input, as JSON (default null)`,
  async run(args, io) {
    const { values, positionals } = parseCommand(args, { input: { type: 'string' }, ...SERVER_OPTION });
    const [target, extra] = positionals;
    if (target === undefined || extra !== undefined) throw new UsageError('name one workflow id or file to run');
    let input: unknown = null;
    if (values.input !== undefined) {
      try {
        input = JSON.parse(values.input);
      } catch (error) {
        throw new UsageError(`--input is not JSON: ${(error as Error).message}`);
      }
    }
    let request: { workflow: unknown } | { workflowId: string } = { workflowId: target };
    if (existsSync(target)) {
      const read = readWorkflowFile(target);
      if (!read.ok) {
        io.err(`${target}${read.line ? `:${read.line}:${read.column}` : ''}: ${read.message}\n`);
        return EXIT_FAILED;
      }
      request = { workflow: read.document };
    }
    const record: RunRecord =
      values.server !== undefined
        ? await remote(values.server).send('POST', '/api/runs', { ...request, input, wait: true })
        : await withLocalEngine({ data: true }, ({ engine }) => engine.run({ ...request, input, trigger: { kind: 'cli' } }));
    if (record.status === 'ok') {
      io.out(`${JSON.stringify(record.output ?? null, null, 2)}\n`);
      return EXIT_OK;
    }
    const error = record.error;
    io.err(
      `${record.status}: ${error ? `${error.nodeId ? `node "${error.nodeId}": ` : ''}${error.code}: ${error.message}` : 'the run did not finish'}\n`,
    );
    return EXIT_FAILED;
  },
};
