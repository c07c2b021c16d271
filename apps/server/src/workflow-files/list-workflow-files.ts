import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { WORKFLOW_FILE_SUFFIX } from './canonical-file.ts';

/** Files named on a command line: a folder stands for its `*.workflow.json` files (not its subfolders), in name order. */
export function listWorkflowFiles(paths: readonly string[], cwd = process.cwd()): string[] {
  const files: string[] = [];
  for (const given of paths) {
    const path = resolve(cwd, given);
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
      for (const name of readdirSync(path).sort()) if (name.endsWith(WORKFLOW_FILE_SUFFIX)) files.push(join(path, name));
    } else files.push(path);
  }
  return files;
}
