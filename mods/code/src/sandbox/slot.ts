import { PatternError } from '@pattern/core';
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from 'quickjs-emscripten';
import type { ConsoleCapture } from './console-capture.ts';
import { classifyThrown, type Fault, outOfMemory, syntaxError } from './faults.ts';
import { expectedFunctionText, REALM_SOURCE, SOURCE_FILE, wrapSource } from './realm.ts';

export interface SandboxLimits {
  timeoutMs: number;
  memoryBytes: number;
}

/**
 * QuickJS counts its stack in WebAssembly's linear memory, while the same calls take several times
 * as much of the host's native stack: 128 KiB (some 700 frames of recursion) is caught by QuickJS
 * well before the host's stack runs out.
 */
const MAX_STACK_BYTES = 128 * 1024;
/** Compiled functions a context keeps; the least recently used is dropped past this. */
const MAX_COMPILED = 64;
const LEVELS = new Set(['debug', 'info', 'warn', 'error']);

/** What one call hands the sandbox besides its input: how to stop it, and where its console goes. */
export interface CallScope {
  signal: AbortSignal | undefined;
  console: ConsoleCapture | undefined;
}

/**
 * One QuickJS runtime with one frozen context: the unit the pool hands out. It compiles each
 * source once (its function stays in the context), runs calls under a deadline, and marks itself
 * spent after a limit was hit, so the pool replaces it rather than trusting its state.
 */
export class SandboxSlot {
  calls = 0;
  /** A limit was hit: replace this sandbox. */
  spent = false;
  /** The WebAssembly module itself failed under this sandbox (the host's stack ran out inside it): replace the module. */
  poisoned = false;
  private readonly runtime: QuickJSRuntime;
  private readonly context: QuickJSContext;
  private readonly runFn: QuickJSHandle;
  private readonly sourceFn: QuickJSHandle;
  private readonly compiled = new Map<string, QuickJSHandle>();
  private readonly limits: SandboxLimits;
  private deadline = 0;
  private scope: CallScope | undefined;

  constructor(module: QuickJSWASMModule, limits: SandboxLimits) {
    this.limits = limits;
    this.runtime = module.newRuntime();
    this.runtime.setMemoryLimit(limits.memoryBytes);
    this.runtime.setMaxStackSize(MAX_STACK_BYTES);
    this.runtime.setInterruptHandler(() => this.deadline > 0 && (this.scope?.signal?.aborted === true || performance.now() > this.deadline));
    this.context = this.runtime.newContext();
    const ctx = this.context;
    const hostLog = ctx.newFunction('hostLog', (level, text) => {
      const capture = this.scope?.console;
      if (!capture || ctx.typeof(level) !== 'string' || ctx.typeof(text) !== 'string') return;
      const name = ctx.getString(level);
      capture.add(LEVELS.has(name) ? (name as 'info') : 'info', ctx.getString(text));
    });
    const realm = ctx.unwrapResult(ctx.evalCode(REALM_SOURCE, 'realm.js', { type: 'global' }));
    const api = ctx.unwrapResult(ctx.callFunction(realm, ctx.undefined, hostLog));
    this.runFn = ctx.getProp(api, 'run');
    this.sourceFn = ctx.getProp(api, 'source');
    for (const handle of [api, realm, hostLog]) handle.dispose();
  }

  /** Compiles `source` into this context (once); a syntax error is a `code_syntax` error with its line and column. */
  compile(source: string, scope: CallScope): void {
    this.fn(source, scope);
  }

  /** Calls the compiled `source` with the input JSON; answers the JSON it returned, or undefined for no value. */
  call(source: string, inputJson: string, scope: CallScope): string | undefined {
    const fn = this.fn(source, scope);
    this.calls++;
    return this.guard(scope, source, () => {
      const ctx = this.context;
      const input = ctx.newString(inputJson);
      const result = ctx.callFunction(this.runFn, ctx.undefined, fn, input);
      input.dispose();
      if (result.error) throw this.thrown(result.error, source);
      return this.settle(result.value, source);
    });
  }

  /** Frees the runtime; false when it would not tear down cleanly (QuickJS asserts on what a failure left behind). */
  dispose(): boolean {
    try {
      for (const handle of this.compiled.values()) handle.dispose();
      this.compiled.clear();
      this.runFn.dispose();
      this.sourceFn.dispose();
      this.context.dispose();
      this.runtime.dispose();
      return true;
    } catch {
      return false;
    }
  }

  private fn(source: string, scope: CallScope): QuickJSHandle {
    const cached = this.compiled.get(source);
    if (cached) {
      this.compiled.delete(source);
      this.compiled.set(source, cached);
      return cached;
    }
    const fn = this.guard(scope, source, () => {
      const ctx = this.context;
      // Evaluating a function expression runs none of its body, unless the source closes the
      // function early to run code of its own; the function's own text tells the two apart.
      const result = ctx.evalCode(wrapSource(source), SOURCE_FILE, { type: 'global' });
      if (result.error) {
        const dumped = this.dump(result.error);
        if (isSyntaxError(dumped)) throw { error: syntaxError(dumped, source), limit: false } satisfies Fault;
        throw classifyThrown(dumped, source, this.faultLimits(scope));
      }
      const handle = result.value;
      const text = ctx.callFunction(this.sourceFn, ctx.undefined, handle);
      const own = text.error ? undefined : ctx.getString(text.value);
      (text.error ?? text.value).dispose();
      if (ctx.typeof(handle) !== 'function' || own !== expectedFunctionText(source)) {
        handle.dispose();
        throw {
          limit: false,
          error: new PatternError('code_syntax', 'The source closes its function early: write only the body of the function (line 1, column 1)', {
            line: 1,
            column: 1,
          }),
        } satisfies Fault;
      }
      return handle;
    });
    this.compiled.set(source, fn);
    if (this.compiled.size > MAX_COMPILED) {
      const [oldest, handle] = this.compiled.entries().next().value as [string, QuickJSHandle];
      this.compiled.delete(oldest);
      handle.dispose();
    }
    return fn;
  }

  /** Runs `work` under the call's deadline and signal; every way out of it is a PatternError. */
  private guard<T>(scope: CallScope, source: string, work: () => T): T {
    if (scope.signal?.aborted) throw new PatternError('cancelled', 'The run was stopped before the code ran');
    this.scope = scope;
    this.deadline = performance.now() + this.limits.timeoutMs;
    try {
      return work();
    } catch (error) {
      if (isFault(error)) {
        if (error.limit) this.spent = true;
        throw error.error;
      }
      if (error instanceof PatternError) throw error;
      // Not QuickJS's own exception but a failure of the WebAssembly module under it: the host's
      // stack ran out inside native recursion (deep JSON), or an allocation failed on the way in.
      // The module's own stack pointer may be left anywhere, so nothing that ran in it is reused.
      this.spent = true;
      this.poisoned = true;
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof RangeError && /call stack/i.test(message)) {
        throw new PatternError('stack_overflow', 'The code nested calls or data too deeply and was stopped', null);
      }
      if (/memory/i.test(message)) throw outOfMemory(this.limits.memoryBytes).error;
      throw new PatternError('code_error', `The sandbox failed: ${message}`, { sourceLength: source.length });
    } finally {
      this.deadline = 0;
      this.scope = undefined;
    }
  }

  /**
   * Runs every job the call queued before it ends, under its deadline and into its console: a
   * job left queued would otherwise run in the next call, of another workflow perhaps. A returned
   * promise is then settled, or never will be (the sandbox has no timers or I/O to wait for).
   */
  private settle(value: QuickJSHandle, source: string): string | undefined {
    const ctx = this.context;
    const jobs = this.runtime.executePendingJobs();
    if (jobs.error) {
      value.dispose();
      throw this.thrown(jobs.error, source);
    }
    jobs.dispose();
    let handle = value;
    if (ctx.typeof(handle) === 'object') {
      const state = ctx.getPromiseState(handle);
      if (!(state.type === 'fulfilled' && state.notAPromise)) {
        handle.dispose();
        if (state.type === 'pending') {
          throw {
            limit: false,
            error: new PatternError(
              'code_error',
              'The code returned a promise that never settled: the sandbox has no timers or I/O to wait for',
              null,
            ),
          } satisfies Fault;
        }
        if (state.type === 'rejected') throw this.thrown(state.error, source);
        handle = state.value;
      }
    }
    try {
      const kind = ctx.typeof(handle);
      if (kind === 'undefined') return undefined;
      if (kind === 'string') return ctx.getString(handle);
      const invalid = ctx.getProp(handle, 'invalid');
      const reason = ctx.typeof(invalid) === 'string' ? ctx.getString(invalid) : 'it is not JSON';
      invalid.dispose();
      throw {
        limit: false,
        error: new PatternError('output_invalid', `The code returned a value that is not JSON: ${reason}`, null),
      } satisfies Fault;
    } finally {
      if (handle.alive) handle.dispose();
    }
  }

  private thrown(handle: QuickJSHandle, source: string): Fault {
    const dumped = this.dump(handle);
    return classifyThrown(dumped, source, this.faultLimits(this.scope));
  }

  /** Reading a thrown value may run its getters: it happens under the call's deadline, and a failure to read is a value too. */
  private dump(handle: QuickJSHandle): unknown {
    try {
      return this.context.dump(handle);
    } catch (error) {
      return { name: 'InternalError', message: error instanceof Error ? error.message : String(error) };
    } finally {
      handle.dispose();
    }
  }

  private faultLimits(scope: CallScope | undefined) {
    return { timeoutMs: this.limits.timeoutMs, memoryBytes: this.limits.memoryBytes, aborted: scope?.signal?.aborted === true };
  }
}

function isFault(value: unknown): value is Fault {
  return typeof value === 'object' && value !== null && 'error' in value && (value as Fault).error instanceof PatternError && 'limit' in value;
}

function isSyntaxError(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { name?: unknown }).name === 'SyntaxError';
}
