import { PatternError } from '@pattern/core';
import type { QuickJSWASMModule } from 'quickjs-emscripten';
import { SandboxPool } from './pool.ts';
import type { SandboxLimits } from './slot.ts';

export type ModuleLoader = () => Promise<QuickJSWASMModule>;

/**
 * The QuickJS module in use, and another loaded only when it is needed: when a module fails under a
 * call (the host's stack ran out inside it), the next call waits for a fresh module to load. A
 * module is a few megabytes held for the server's life, so none is kept in reserve for a failure
 * most servers never see.
 */
export class SandboxModules {
  private readonly load: ModuleLoader;
  private readonly limits: SandboxLimits;
  private pool: SandboxPool;
  private next: QuickJSWASMModule | undefined;
  private loading: Promise<void> | undefined;
  private closed = false;
  private readonly onLoadError: (error: unknown) => void;

  constructor(load: ModuleLoader, limits: SandboxLimits, first: QuickJSWASMModule, onLoadError: (error: unknown) => void) {
    this.load = load;
    this.limits = limits;
    this.pool = new SandboxPool(first, limits);
    this.onLoadError = onLoadError;
  }

  /** The pool of a working module; `unavailable` after a failure, while a new module loads. */
  current(): SandboxPool {
    const pool = this.available();
    if (!pool) throw new PatternError('unavailable', 'The code sandbox is restarting after a failure; try again in a moment', null);
    return pool;
  }

  /**
   * `work` on the pool of a working module, after waiting for a new one when the last failed; and
   * once more when another call broke the new one first, so a run after a failure does not fail too.
   */
  async use<T>(work: (pool: SandboxPool) => T): Promise<T> {
    for (let waited = 0; ; waited++) {
      const pool = this.available();
      if (pool) return work(pool);
      if (waited === 2) return work(this.current());
      await this.loading;
    }
  }

  close(): void {
    this.closed = true;
    this.pool.close();
    this.next = undefined;
  }

  /** The pool, or the next module's once the pool broke; none while that one loads. */
  private available(): SandboxPool | undefined {
    if (!this.pool.broken) return this.pool;
    const next = this.next;
    if (!next) {
      this.reload();
      return undefined;
    }
    this.pool = new SandboxPool(next, this.limits);
    this.next = undefined;
    return this.pool;
  }

  /** Starts loading a module unless one is loading; a load that failed is tried again by the next call. */
  private reload(): void {
    if (this.loading || this.closed) return;
    this.loading = this.load()
      .then(
        (module) => {
          if (!this.closed) this.next = module;
        },
        (error: unknown) => this.onLoadError(error),
      )
      .finally(() => {
        this.loading = undefined;
      });
  }
}
