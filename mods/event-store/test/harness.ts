import { createEngine, type Engine, type EngineOptions, type ModDefinition } from '@pattern/core';
import type { EventStoreService } from '../src/index.ts';

export interface Started {
  engine: Engine;
  events: EventStoreService;
  stop(): Promise<void>;
}

/** An engine with the given mods, started; `dataDir` makes the event store use SQLite there. */
export async function startEngine(
  mods: ModDefinition[],
  dataDir?: string,
  options: Record<string, unknown> = {},
  engineOptions: EngineOptions = {},
): Promise<Started> {
  const engine = createEngine({
    ...engineOptions,
    mods,
    ...(dataDir ? { dataDir } : {}),
    modOptions: { 'event-store': { retryDelayMs: 5, pollMs: 50, ...options } },
  });
  await engine.start();
  return { engine, events: engine.services.get('events'), stop: () => engine.stop() };
}

export async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, tries = 400): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}
