import { PatternError } from '@pattern/core';
import type { QuickJSWASMModule } from 'quickjs-emscripten';
import { SandboxPool } from './pool.ts';
import type { SandboxLimits } from './slot.ts';

export type ModuleLoader = () => Promise<QuickJSWASMModule>;

/**
 * The QuickJS module in use and a spare, loaded ahead: when a module fails under a call (the host's
 * stack ran out inside it), the spare takes over at once, synchronously, and another spare loads.
 */
export class SandboxModules {
  private readonly load: ModuleLoader;
  private readonly limits: SandboxLimits;
  private pool: SandboxPool;
  private spare: QuickJSWASMModule | undefined;
  private loading: Promise<void> | undefined;
  private closed = false;
  private readonly onLoadError: (error: unknown) => void;

  constructor(load: ModuleLoader, limits: SandboxLimits, first: QuickJSWASMModule, spare: QuickJSWASMModule, onLoadError: (error: unknown) => void) {
    this.load = load;
    this.limits = limits;
    this.pool = new SandboxPool(first, limits);
    this.spare = spare;
    this.onLoadError = onLoadError;
  }

  /** The pool of a working module; `unavailable` in the moment after two failures in a row, while a new module loads. */
  current(): SandboxPool {
    if (!this.pool.broken) return this.pool;
    const spare = this.spare;
    if (!spare) throw new PatternError('unavailable', 'The code sandbox is restarting after a failure; try again in a moment', null);
    this.pool = new SandboxPool(spare, this.limits);
    this.spare = undefined;
    this.reload();
    return this.pool;
  }

  /** Waits for a spare when none is ready, so a run after a failure does not fail too. */
  async ready(): Promise<void> {
    if (this.pool.broken && !this.spare) await this.loading;
  }

  close(): void {
    this.closed = true;
    this.pool.close();
    this.spare = undefined;
  }

  private reload(): void {
    this.loading = this.load().then(
      (module) => {
        if (!this.closed) this.spare = module;
      },
      (error: unknown) => this.onLoadError(error),
    );
  }
}
