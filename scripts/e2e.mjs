#!/usr/bin/env node
// The browser tests: make sure Chromium is there, build the web app, run Playwright.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

const CHROMIUM = '/usr/bin/chromium';

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit', shell: false });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

if (!existsSync(CHROMIUM)) {
  console.log(`${CHROMIUM} is missing: installing Debian's chromium`);
  if (
    run('apt-get', ['install', '-y', 'chromium']) !== 0 &&
    (run('apt-get', ['update']) !== 0 || run('apt-get', ['install', '-y', 'chromium']) !== 0)
  ) {
    console.error('Could not install chromium; install it (apt-get install -y chromium) and run again.');
    process.exit(1);
  }
}

const build = run('npm', ['run', 'build', '--workspace', '@pattern/web']);
if (build !== 0) process.exit(build);

// A port nothing else holds, so the tests never meet a server that is not theirs.
process.env.PATTERN_E2E_PORT ??= String(await freePort());

process.exit(run('npx', ['playwright', 'test', ...process.argv.slice(2)]));

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
