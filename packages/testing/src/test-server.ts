import { type PatternServer, type StartServerOptions, startServer } from '@pattern/server';
import { TEST_SECRET_KEY } from './spawn-server.ts';
import { tempDir } from './temp-dir.ts';

export type { PatternServer, StartServerOptions };

/**
 * The server in the test's own process (its engine at hand), quiet, on a fresh data folder, with
 * no mods unless given. Servers on one database share the secret key, as they must in production.
 */
export function testServer(options: StartServerOptions = {}): Promise<PatternServer> {
  const sharedKey = options.databaseUrl ? { secretKey: TEST_SECRET_KEY } : {};
  return startServer({ quiet: true, mods: [], dataDir: tempDir(), ...sharedKey, ...options });
}
