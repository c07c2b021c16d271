import { fileURLToPath } from 'node:url';
import { type Command, EXIT_OK, parseCommand, UsageError } from '../command.ts';

const scripts = (name: string) => fileURLToPath(new URL(`../../../../../scripts/${name}`, import.meta.url));

function serverCommand(name: 'start' | 'dev', summary: string, script: string): Command {
  return {
    name,
    summary,
    help: `Usage: pattern ${name} [--safe]

${summary}

  --safe    start in safe mode: every event trigger, projection and schedule paused until
            resumed (PATTERN_SAFE_MODE=1), to recover from a workflow that floods the server
Settings come from pattern.config.json and the environment, as for npm ${name === 'start' ? 'start' : 'run dev'}.`,
    async run(args) {
      const { values, positionals } = parseCommand(args, { safe: { type: 'boolean' } });
      if (positionals.length > 0) throw new UsageError(`pattern ${name} takes no arguments (got "${positionals[0]}")`);
      // The server reads its settings from the environment, as the child processes `dev` starts do too.
      if (values.safe) process.env.PATTERN_SAFE_MODE = '1';
      await import(scripts(script));
      // The server keeps the process alive; the exit code is the server's own.
      return new Promise<number>(() => EXIT_OK);
    },
  };
}

export const startCommand = serverCommand('start', 'Builds the web app when needed and runs the server (what npm start does).', 'start.mjs');
export const devCommand = serverCommand('dev', 'Runs the server with reload on change, and Vite with hot reload (what npm run dev does).', 'dev.mjs');
