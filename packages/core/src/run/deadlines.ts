import type { ErrorValue } from './record.ts';

interface Timed {
  settle(status: 'error', error: ErrorValue): void;
}

interface Deadline {
  at: number;
  timeoutMs: number;
}

/**
 * The run timeout of every active run, on one timer: armed for the earliest deadline, it settles
 * what is due when it fires and re-arms for the next. Runs that share the engine's timeout come
 * due in the order they started, so a run costs a map entry, not a timer of its own.
 */
export class Deadlines {
  private readonly due = new Map<Timed, Deadline>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private armedAt = Number.POSITIVE_INFINITY;

  watch(run: Timed, timeoutMs: number): void {
    if (!(timeoutMs > 0) || !Number.isFinite(timeoutMs)) return;
    const at = performance.now() + timeoutMs;
    this.due.set(run, { at, timeoutMs });
    if (at < this.armedAt) this.arm(at);
  }

  forget(run: Timed): void {
    this.due.delete(run);
  }

  private arm(at: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.armedAt = at;
    this.timer = setTimeout(() => this.expire(), Math.max(0, Math.ceil(at - performance.now())));
    this.timer.unref?.();
  }

  private expire(): void {
    this.timer = undefined;
    this.armedAt = Number.POSITIVE_INFINITY;
    // Timers count whole milliseconds; a deadline within one of now is due.
    const now = performance.now() + 1;
    let next = Number.POSITIVE_INFINITY;
    for (const [run, { at, timeoutMs }] of this.due) {
      if (at > now) {
        next = Math.min(next, at);
        continue;
      }
      this.due.delete(run);
      run.settle('error', { code: 'timeout', message: `The run took longer than ${timeoutMs} ms and was stopped`, details: { timeoutMs } });
    }
    if (next < Number.POSITIVE_INFINITY) this.arm(next);
  }
}
