import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModDefinition } from '@pattern/core';
import { docsMod } from '../../src/index.ts';

/**
 * The mods the docs are checked against: this mod, and every sibling mod that can be imported
 * right now (core's base ops are always there). A mod that does not import yet is left out,
 * and named, rather than failing every docs test.
 */
export async function installedMods(): Promise<{ mods: ModDefinition[]; missing: string[] }> {
  const mods: ModDefinition[] = [];
  const missing: string[] = [];
  for (const specifier of ['@pattern/mod-store', '@pattern/mod-event-store']) {
    try {
      const loaded = (await import(specifier)) as { default?: ModDefinition };
      if (loaded.default?.name) mods.push(loaded.default);
      else missing.push(specifier);
    } catch {
      missing.push(specifier);
    }
  }
  return { mods: [...mods, docsMod], missing };
}

export function tempDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'pattern-docs-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
