import type { QuickJSWASMModule } from 'quickjs-emscripten';
import { type SandboxLimits, SandboxSlot } from './slot.ts';

/** Calls a context serves before it is replaced, so whatever slowly accumulates in it (memory, compiled functions) starts fresh. */
export const MAX_CALLS_PER_SLOT = 10_000;
/** Idle contexts kept ready; calls are synchronous, so a process rarely needs more than one at a time. */
const MAX_IDLE = 2;

/** A small pool of sandboxes over one loaded QuickJS module; a sandbox that hit a limit is discarded, never reused. */
export class SandboxPool {
  private readonly module: QuickJSWASMModule;
  private readonly limits: SandboxLimits;
  private readonly idle: SandboxSlot[] = [];
  private closed = false;
  /** The module failed under one of its sandboxes; its owner loads another and drops this pool. */
  broken = false;

  constructor(module: QuickJSWASMModule, limits: SandboxLimits) {
    this.module = module;
    this.limits = limits;
  }

  use<T>(work: (slot: SandboxSlot) => T): T {
    if (this.closed || this.broken) throw new Error('this code sandbox pool is closed');
    const slot = this.idle.pop() ?? new SandboxSlot(this.module, this.limits);
    try {
      return work(slot);
    } finally {
      this.retire(slot);
    }
  }

  close(): void {
    this.closed = true;
    if (!this.broken) for (const slot of this.idle.splice(0)) slot.dispose();
  }

  private retire(slot: SandboxSlot): void {
    if (slot.poisoned) {
      // Nothing more runs in this module, not even a teardown: the garbage collector takes its memory.
      this.broken = true;
      this.idle.length = 0;
      return;
    }
    const keep = !this.closed && !this.broken && !slot.spent && slot.calls < MAX_CALLS_PER_SLOT && this.idle.length < MAX_IDLE;
    if (keep) this.idle.push(slot);
    else if (!slot.dispose()) this.broken = true;
  }
}
