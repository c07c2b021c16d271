// Builds the web app when its sources are newer than the build: `npm start` and `npm run bench`
// serve the build, so neither may run on a stale or missing one. Exits the process if the build fails.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const web = join(root, 'apps/web');
const built = join(web, 'dist/index.html');

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newest(join(path, entry))));
}

if (existsSync(join(web, 'index.html'))) {
  const sources = Math.max(newest(join(web, 'src')), newest(join(web, 'index.html')));
  if (!existsSync(built) || sources > statSync(built).mtimeMs) {
    process.stdout.write('Building the web app…\n');
    const result = spawnSync('npm', ['run', 'build', '--workspace', '@pattern/web'], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
}
