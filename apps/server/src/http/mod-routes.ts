import type { Engine, ModDefinition } from '@pattern/core';
import { Hono } from 'hono';

export interface ModRoutes {
  mod: ModDefinition;
  routes: Hono;
}

const built = new WeakMap<Engine, ModRoutes[]>();

/** Every mod's routes, built once per engine: the app mounts them, and no workflow may answer their paths. */
export function modRoutes(engine: Engine): ModRoutes[] {
  let list = built.get(engine);
  if (!list) {
    list = engine.registry.mods.flatMap((mod) => {
      if (!mod.http?.routes) return [];
      const routes = mod.http.routes(engine.context(mod));
      if (!(routes instanceof Hono)) throw new Error(`mod ${mod.name}: routes must return a Hono app`);
      return [{ mod, routes }];
    });
    built.set(engine, list);
  }
  return list;
}
