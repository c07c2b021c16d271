import { cpSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isPatternError } from '@pattern/core';
import { tempDir } from '@pattern/testing';
import { describe, expect, it } from 'vitest';
import { loadSettings, startServer } from '../src/index.ts';
import { root } from './helpers.ts';

/** Each mod that persists, with the option that picks its driver. */
function mods(): Array<{ mod: string; entry: string; option: string }> {
  const template = join(tempDir(), 'counter');
  cpSync(join(root, 'templates/mod'), template, { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(template, 'node_modules'), 'dir');
  return [
    { mod: 'store', entry: '@pattern/mod-store', option: 'driver' },
    { mod: 'event-store', entry: '@pattern/mod-event-store', option: 'storage' },
    { mod: 'counter', entry: join(template, 'src/index.ts'), option: 'driver' },
  ];
}

describe('a driver without its database', () => {
  it('stops the server at start with the same error in every mod, naming the setting', async () => {
    const failures = [];
    for (const { mod, entry, option } of mods()) {
      const dir = tempDir();
      writeFileSync(join(dir, 'pattern.config.json'), JSON.stringify({ mods: [entry], options: { [mod]: { [option]: 'postgres' } } }));
      const failure = await startServer({ settings: loadSettings({ PORT: '0' }, dir), quiet: true }).then(
        async (server) => {
          await server.stop();
          return undefined;
        },
        (error: unknown) => error,
      );
      expect(isPatternError(failure), `${mod} fails with a PatternError`).toBe(true);
      failures.push(failure);
    }
    expect(failures.map((error) => ({ code: (error as { code: string }).code, message: (error as Error).message }))).toEqual([
      {
        code: 'validation_failed',
        message: 'options.store.driver: "postgres" needs a database URL (PATTERN_DATABASE_URL, or databaseUrl in pattern.config.json)',
      },
      {
        code: 'validation_failed',
        message: 'options.event-store.storage: "postgres" needs a database URL (PATTERN_DATABASE_URL, or databaseUrl in pattern.config.json)',
      },
      {
        code: 'validation_failed',
        message: 'options.counter.driver: "postgres" needs a database URL (PATTERN_DATABASE_URL, or databaseUrl in pattern.config.json)',
      },
    ]);
  });
});
