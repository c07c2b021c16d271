#!/usr/bin/env -S npx tsx
import { startServer } from './server.ts';
import { loadSettings, SettingsError } from './settings.ts';

/** `npm start`: reads the settings, starts Pattern, and stops it cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const settings = loadSettings();
  const server = await startServer({ settings });
  process.stdout.write(`Pattern is running at ${server.url}\n`);
  let signals = 0;
  const shutdown = (signal: string) => {
    signals++;
    if (signals > 1) process.exit(1);
    process.stdout.write(`${signal}: stopping (runs still going are cancelled; durable ones resume at the next start)…\n`);
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`error while stopping: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof SettingsError) process.stderr.write(`Pattern cannot start: ${error.message}\n`);
  else if (error instanceof Error && (error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    process.stderr.write(`Pattern cannot start: the port is already in use (${error.message}). Set PORT to another port, or 0 for any free one.\n`);
  } else process.stderr.write(`Pattern cannot start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
