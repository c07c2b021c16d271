import { pathToFileURL } from 'node:url';
import { defineMod, type ModDefinition, type ModSpec } from '@pattern/core';
import type { Settings } from './settings.ts';
import { SettingsError } from './settings.ts';

/** Imports the mods named in the settings: package names, or `.ts`/`.js` files. */
export async function loadMods(settings: Pick<Settings, 'mods'>): Promise<ModDefinition[]> {
  const mods: ModDefinition[] = [];
  for (const { module } of settings.mods) {
    const specifier = module.startsWith('/') ? pathToFileURL(module).href : module;
    let loaded: Record<string, unknown>;
    try {
      loaded = (await import(specifier)) as Record<string, unknown>;
    } catch (error) {
      throw new SettingsError(`Mod "${module}" could not be loaded: ${(error as Error).message}`);
    }
    const mod = (loaded.default ?? loaded.mod) as Partial<ModDefinition> | undefined;
    if (!mod || typeof mod.name !== 'string' || typeof mod.version !== 'string') {
      throw new SettingsError(`Mod "${module}" must export a mod as its default export (made with defineMod)`);
    }
    // Checked again: a mod written in JavaScript may be a plain object, or use fields a mod no longer has.
    try {
      mods.push(defineMod(mod as ModSpec));
    } catch (error) {
      throw new SettingsError(`Mod "${module}": ${(error as Error).message}`);
    }
  }
  return mods;
}

/** Options for each mod by name: those given with the mod entry win over `options.<name>`. */
export function modOptionsFor(settings: Pick<Settings, 'mods' | 'modOptions'>, mods: ModDefinition[]): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = { ...settings.modOptions };
  settings.mods.forEach((entry, i) => {
    const mod = mods[i];
    if (mod && entry.options) out[mod.name] = { ...out[mod.name], ...entry.options };
  });
  return out;
}
