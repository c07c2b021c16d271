import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tempDir, tsNode } from '@pattern/testing';
import { expect, it } from 'vitest';

/** The history worker is TypeScript: it starts however the server was started, from source. */

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

function probe(args: string[]): unknown {
  const child = spawnSync(process.execPath, [...args, tempDir()], { encoding: 'utf8' });
  expect(child.status, child.stderr).toBe(0);
  return JSON.parse(child.stdout);
}

const startedAndWrote = { started: true, reply: {}, runs: { n: 1 }, errors: [] };

it('starts under the loader of the command line, which the thread inherits (tsx, node --import tsx)', () => {
  expect(probe([...tsNode, fixture('history-thread-probe.ts')])).toEqual(startedAndWrote);
});

it('starts under plain node with tsx registered while running, as npm start runs the server', () => {
  expect(probe([fixture('history-thread-register.mjs')])).toEqual(startedAndWrote);
});
