export { callJson } from './call-json.ts';
export { freshSchema, TEST_DATABASE_URL } from './fresh-schema.ts';
export { type ServerProcess, serverMain, spawnServer, stopServer, TEST_SECRET_KEY, tsNode } from './spawn-server.ts';
export { removeTempDirs, tempDir } from './temp-dir.ts';
