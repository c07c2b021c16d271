import { PatternError } from '../errors.ts';
import type { ModDefinition } from '../mods/define-mod.ts';
import { unmockedFetch } from './mock-op.ts';

/**
 * Mod options for a case's own engine: the store and the event store keep everything in memory
 * whatever the server's config says, so documents, blobs, leases and events a case writes never
 * reach real data. (Without a data dir or database URL every mod picks memory on its own; these
 * overrides cover options that name a driver or a file.)
 */
export function isolatedModOptions(options: Record<string, Record<string, unknown>> = {}): Record<string, Record<string, unknown>> {
  const { driver: _driver, file: _file, blobDir: _blobDir, ...store } = options.store ?? {};
  const { storage: _storage, ...events } = options['event-store'] ?? {};
  return { ...options, store: { ...store, driver: 'memory' }, 'event-store': { ...events, storage: 'memory' } };
}

/**
 * The mods a case runs with: the same ones, except that nothing reaches the network. The
 * `http.fetch` op fails unless mocked, and so does an op of any mod that calls the `http` service
 * itself (`fetch`, `check`): the service is a stand-in that only closes.
 */
export function isolatedMods(mods: readonly ModDefinition[]): ModDefinition[] {
  return mods.map((mod) => {
    const fetches = mod.ops?.some((op) => op.name === 'http.fetch') ?? false;
    const serves = mod.services?.http !== undefined;
    if (!fetches && !serves) return mod;
    return {
      ...mod,
      ...(fetches ? { ops: mod.ops?.map((op) => (op.name === 'http.fetch' ? unmockedFetch(op) : op)) } : {}),
      ...(serves ? { services: { ...mod.services, http: { setup: () => unreachableHttp() } } } : {}),
    };
  });
}

function unreachableHttp(): Record<string, unknown> {
  const refuse = () => {
    throw new PatternError('unmocked_fetch', 'A test case never reaches the network; mock the node that fetches under "mocks"');
  };
  return { fetch: refuse, check: refuse, close: () => undefined };
}
