import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '@pattern/testing';
import { describe, expect, it } from 'vitest';
import { loadMods } from '../src/load-mods.ts';

function modFile(source: string): string {
  const file = join(tempDir(), 'mod.mjs');
  writeFileSync(file, source);
  return file;
}

describe('a mod file named in the settings', () => {
  it('written as a plain object with a field a mod no longer has, stops the start naming where it went', async () => {
    const file = modFile("export default { name: 'legacy', version: '1.0.0', routes: () => null };\n");
    await expect(loadMods({ mods: [{ module: file, options: undefined }] })).rejects.toThrow(
      /Mod ".*mod\.mjs": mod legacy: "routes" is not a field of a mod; it is now http\.routes/,
    );
  });

  it('written as a plain object of today’s fields, loads', async () => {
    const file = modFile("export default { name: 'plain', version: '1.0.0', contributes: { store: { collections: [] } } };\n");
    expect(await loadMods({ mods: [{ module: file, options: undefined }] })).toMatchObject([
      { name: 'plain', contributes: { store: { collections: [] } } },
    ]);
  });
});
