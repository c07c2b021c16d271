import type { Histogram } from 'prom-client';

/** How deep below the service calls are timed: `store.put` and `store.documents.put`, no deeper. */
const MAX_DEPTH = 1;

/**
 * The service as it is, with each call that answers with a promise timed into `histogram` by
 * its method's name (`documents.put`), rejected calls too. Wrapped from outside, so the mod that owns the service
 * is not touched; methods run on the real object, so its own inner calls are not counted twice.
 */
export function timedService<T extends object>(service: T, histogram: Histogram<'operation'>, prefix = '', depth = 0): T {
  const wrapped = new Map<string, unknown>();
  return new Proxy(service, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof property !== 'string' || property === 'constructor' || property === 'then') return value;
      const nested = depth < MAX_DEPTH && typeof value === 'object' && value !== null && !Array.isArray(value);
      if (typeof value !== 'function' && !nested) return value;
      let timed = wrapped.get(property);
      if (!timed) {
        timed = nested
          ? timedService(value, histogram, `${prefix}${property}.`, depth + 1)
          : timedMethod(target, value as (...args: unknown[]) => unknown, histogram, `${prefix}${property}`);
        wrapped.set(property, timed);
      }
      return timed;
    },
  });
}

/**
 * Every store and event-store call does I/O and answers with a promise; a method that answers at
 * once is the service's own bookkeeping (`leases.tookLease`, asked once per run), passed through
 * untimed. A call that throws before it answers is timed like a rejected one.
 */
function timedMethod(target: object, method: (...args: unknown[]) => unknown, histogram: Histogram<'operation'>, operation: string) {
  const labels = { operation };
  const observe = (started: number) => histogram.observe(labels, (performance.now() - started) / 1000);
  return (...args: unknown[]) => {
    const started = performance.now();
    let result: unknown;
    try {
      result = method.apply(target, args);
    } catch (error) {
      observe(started);
      throw error;
    }
    if (result instanceof Promise) return result.finally(() => observe(started));
    return result;
  };
}
