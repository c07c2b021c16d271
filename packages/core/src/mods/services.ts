import { PatternError } from '../errors.ts';
import type { ServiceMap, Services } from '../ops/op-context.ts';

/** The services mods registered, by name. Asking for a missing one names the ones there are. */
export class ServiceContainer implements Services {
  private readonly services = new Map<string, unknown>();

  get<K extends keyof ServiceMap>(name: K): ServiceMap[K];
  get<T = unknown>(name: string): T;
  get(name: string): unknown {
    if (!this.services.has(name)) {
      const known = [...this.services.keys()];
      throw new PatternError('unknown_service', `No service "${name}" is registered${known.length ? ` (registered: ${known.join(', ')})` : ''}`, {
        service: name,
      });
    }
    return this.services.get(name);
  }

  has(name: string): boolean {
    return this.services.has(name);
  }

  set(name: string, service: unknown): void {
    this.services.set(name, service);
  }

  delete(name: string): void {
    this.services.delete(name);
  }
}
