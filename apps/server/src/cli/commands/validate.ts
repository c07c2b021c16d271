import { testCaseProblems, WorkflowSchema } from '@pattern/core';
import { listWorkflowFiles } from '../../workflow-files/list-workflow-files.ts';
import { readWorkflowFile } from '../../workflow-files/read-workflow-file.ts';
import { type Command, EXIT_FAILED, EXIT_OK, parseCommand, UsageError } from '../command.ts';
import { withLocalEngine } from './local-settings.ts';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Checks workflow files and prints every located problem (a pre-commit hook).',
  help: `Usage: pattern validate FILES|DIR...

Checks each workflow file against the ops of the configured mods, without starting anything or
touching data: JSON syntax (with line and column), the workflow's shape, ops, ports, wiring,
config and test cases (the nodes they mock and expect). Prints one line per problem, FILE: PATH: MESSAGE.
Exit 0 when every file is valid, 1 when any has a problem, 2 on a usage error.`,
  async run(args, io) {
    const { positionals } = parseCommand(args, {});
    if (positionals.length === 0) throw new UsageError('name the workflow files (or folders) to validate');
    const files = listWorkflowFiles(positionals);
    let problems = 0;
    await withLocalEngine({ data: false }, async ({ engine }) => {
      for (const file of files) {
        const read = readWorkflowFile(file);
        if (!read.ok) {
          problems++;
          io.err(`${file}${read.line ? `:${read.line}:${read.column}` : ''}: ${read.message}\n`);
          continue;
        }
        const parsed = WorkflowSchema.safeParse(read.document);
        const caseProblems = parsed.success ? testCaseProblems(parsed.data) : [];
        for (const problem of [...engine.validate(read.document), ...caseProblems]) {
          problems++;
          io.err(`${file}: ${problem.path || '(workflow)'}: ${problem.message} [${problem.code}]\n`);
        }
      }
    });
    io.out(
      problems === 0 ? `${files.length} workflow file${files.length === 1 ? '' : 's'} valid\n` : `${problems} problem${problems === 1 ? '' : 's'}\n`,
    );
    return problems === 0 ? EXIT_OK : EXIT_FAILED;
  },
};
