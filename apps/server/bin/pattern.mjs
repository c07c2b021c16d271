#!/usr/bin/env node
// The `pattern` command: registers tsx (the server is TypeScript, run from source) and hands over.
const { register } = await import('tsx/esm/api');
register();
const { runCli } = await import('../src/cli/main.ts');
// A command is done when it answers: whatever a mod left open (a pool, a timer) must not keep it running.
process.exit(await runCli(process.argv.slice(2)));
