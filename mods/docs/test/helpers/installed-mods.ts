import type { ModDefinition } from '@pattern/core';
import codeMod from '@pattern/mod-code';
import eventStoreMod from '@pattern/mod-event-store';
import httpMod from '@pattern/mod-http';
import realtimeMod from '@pattern/mod-realtime';
import storeMod from '@pattern/mod-store';
import { docsMod } from '../../src/index.ts';

/**
 * The mods the docs are checked against: this mod and every sibling mod (core's base ops are
 * always there). A sibling that fails to import fails the docs tests instead of leaving its ops'
 * docs unchecked.
 */
export const installedMods: ModDefinition[] = [storeMod, eventStoreMod, docsMod, httpMod, codeMod, realtimeMod];
