#!/usr/bin/env node
// The browser tests: make sure Chromium is there, build the web app, run Playwright.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

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

process.exit(run('npx', ['playwright', 'test', ...process.argv.slice(2)]));
