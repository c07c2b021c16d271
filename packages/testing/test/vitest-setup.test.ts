import { existsSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { tempDir } from '../src/temp-dir.ts';

// The setup file removes a test file's folders only after the file's own hooks, which stop the servers writing into them.
const dir = tempDir('pattern-setup-order-');

afterAll(() => {
  expect(existsSync(dir), 'the folder is still there in the file’s own afterAll').toBe(true);
});

it('keeps a folder for the whole file', () => {
  expect(existsSync(dir)).toBe(true);
});
