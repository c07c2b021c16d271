import { type PatternServer, type StartServerOptions, startServer } from '@pattern/server';
import { tempDir } from './temp-dir.ts';

export type { PatternServer, StartServerOptions };

/** The server in the test's own process (its engine at hand), quiet, on a fresh data folder, with no mods unless given. */
export function testServer(options: StartServerOptions = {}): Promise<PatternServer> {
  return startServer({ quiet: true, mods: [], dataDir: tempDir(), ...options });
}
