import { isPatternError, toErrorBody } from '@pattern/core';
import { mcpCommand } from '../mcp/mcp-command.ts';
import { clientCommand } from '../openapi/client-command.ts';
import { SettingsError } from '../settings.ts';
import { type Command, EXIT_FAILED, EXIT_OK, EXIT_USAGE, type Io, UsageError } from './command.ts';
import { exportCommand } from './commands/export.ts';
import { importCommand } from './commands/import.ts';
import { runCommand } from './commands/run.ts';
import { devCommand, startCommand } from './commands/start.ts';
import { testCommand } from './commands/test.ts';
import { validateCommand } from './commands/validate.ts';

const COMMANDS: Command[] = [
  startCommand,
  devCommand,
  testCommand,
  validateCommand,
  runCommand,
  exportCommand,
  importCommand,
  clientCommand,
  mcpCommand,
];

const usage = () =>
  `Usage: pattern COMMAND [OPTIONS]

${COMMANDS.map((c) => `  ${c.name.padEnd(9)} ${c.summary}`).join('\n')}

pattern COMMAND --help tells more. Settings come from pattern.config.json and the environment,
as for the server; commands without --server work on the local data dir without starting it.
Exit codes: 0 ok, 1 failures or problems, 2 a usage error.
`;

const stdio: Io = { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) };

/** The `pattern` command line: the exit code of the command it names. */
export async function runCli(argv: string[], io: Io = stdio): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.err : io.out)(usage());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`pattern: there is no command "${name}"\n\n${usage()}`);
    return EXIT_USAGE;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.out(`${command.help}\n`);
    return EXIT_OK;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`pattern ${name}: ${error.message}\n\n${command.help}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof SettingsError) io.err(`pattern ${name}: a setting is wrong: ${error.message}\n`);
    else if (isPatternError(error)) io.err(`pattern ${name}: ${error.code}: ${error.message}\n`);
    else io.err(`pattern ${name}: ${toErrorBody(error).message}\n`);
    return EXIT_FAILED;
  }
}
