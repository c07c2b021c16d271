import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];
process.once('exit', removeTempDirs);

/**
 * A fresh, empty folder under the system's temp folder. It is removed when the test file ends
 * (vitest: ./vitest-setup.ts) or the process exits (Playwright's workers, scripts).
 */
export function tempDir(prefix = 'pattern-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every folder `tempDir` made so far; stop the servers writing into them first. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}
