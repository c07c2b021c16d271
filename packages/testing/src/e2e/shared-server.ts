import { spawnServer, stopServer } from '../spawn-server.ts';
import { tempDir } from '../temp-dir.ts';

/**
 * Starts the server the browser tests share, on the port of `baseURL`, with the default mods and
 * an empty data folder, so every session starts from a fresh Pattern. Resolves to its teardown
 * (Playwright's globalSetup contract). Its errors go to the runner's stderr, where they explain a
 * failing test.
 */
export async function startSharedServer(baseURL: string): Promise<() => Promise<void>> {
  const dataDir = tempDir('pattern-e2e-');
  const server = await spawnServer(dataDir, { dataDir }, { PORT: new URL(baseURL).port });
  server.child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  return () => stopServer(server);
}
