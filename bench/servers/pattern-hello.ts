// Pattern with its defaults (SQLite history, request log) serving the seeded `hello` route.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveSettings, startServer } from '../../apps/server/src/index.ts';

const settings = resolveSettings({ mods: [] }, { PORT: '0', PATTERN_DATA_DIR: mkdtempSync(join(tmpdir(), 'pattern-bench-')) }, process.cwd());
const server = await startServer({ settings });
process.stderr.write(`listening ${server.port}\n`);
process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
