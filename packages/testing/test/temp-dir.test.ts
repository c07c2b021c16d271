import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { removeTempDirs, tempDir } from '../src/temp-dir.ts';

it('makes a fresh, empty folder on every call and removes every one it made, whatever they hold', () => {
  const first = tempDir('pattern-temp-dir-');
  const second = tempDir('pattern-temp-dir-');
  expect(first).not.toBe(second);
  expect(readdirSync(first)).toEqual([]);
  writeFileSync(join(first, 'store.db'), 'bytes');
  mkdirSync(join(second, 'blobs', 'nested'), { recursive: true });
  removeTempDirs();
  expect(existsSync(first)).toBe(false);
  expect(existsSync(second)).toBe(false);
  // Removed once: a second call has nothing left to remove and does not throw.
  removeTempDirs();
});
