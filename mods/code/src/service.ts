import { isPatternError, jsonTextTooDeep, type Logger, PatternError, tooDeep } from '@pattern/core';
import { ConsoleCapture } from './sandbox/console-capture.ts';
import type { SandboxModules } from './sandbox/modules.ts';
import { type CodeOptions, MAX_SOURCE_CHARS } from './schemas.ts';

/** A source that compiled: what a node's `prepare` hands its runs. */
export interface CompiledCode {
  readonly source: string;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Where the code's `console` lines go (the node's trace). */
  log?: Logger;
  /** How deeply the returned value may nest (`limits.maxValueDepth`). */
  maxValueDepth: number;
}

/** Whether a source compiles: the compiled code, or what stops it, with its line and column in the source. */
export type CheckResult =
  | { ok: true; code: CompiledCode }
  | { ok: false; code: 'code_syntax'; message: string; line: number; column: number }
  | { ok: false; code: 'unavailable'; message: string };

/** Sources already checked, so a workflow loaded again or a `ctx.call` does not compile again. */
const MAX_CHECKED_SOURCES = 256;

/**
 * The `code` service: runs JavaScript in QuickJS (WebAssembly) with no access to the host. Only
 * JSON goes in and comes out; every call is bounded in time and memory by the mod's options.
 */
export class CodeService {
  readonly options: Readonly<CodeOptions>;
  private readonly modules: SandboxModules;
  private readonly checked = new Map<string, CompiledCode>();

  constructor(modules: SandboxModules, options: CodeOptions) {
    this.options = Object.freeze({ ...options });
    this.modules = modules;
  }

  /** Checks and compiles a function body; a syntax error is `code_syntax` with `details: { line, column }` in the source. */
  compile(source: string): CompiledCode {
    if (typeof source !== 'string') throw new PatternError('validation_failed', 'source must be a string', { field: 'source' });
    if (source.length > MAX_SOURCE_CHARS) {
      throw new PatternError('validation_failed', `source is longer than ${MAX_SOURCE_CHARS} characters`, { field: 'source' });
    }
    const known = this.checked.get(source);
    if (known) return known;
    this.modules.current().use((slot) => slot.compile(source, { signal: undefined, console: undefined }));
    const compiled = Object.freeze({ source });
    this.checked.set(source, compiled);
    if (this.checked.size > MAX_CHECKED_SOURCES) this.checked.delete(this.checked.keys().next().value as string);
    return compiled;
  }

  /** `compile` as a value: a syntax error, or a sandbox restarting after a failure, is an answer rather than a throw. */
  check(source: string): CheckResult {
    try {
      return { ok: true, code: this.compile(source) };
    } catch (error) {
      if (!isPatternError(error)) throw error;
      if (error.code === 'unavailable') return { ok: false, code: 'unavailable', message: error.message };
      if (error.code !== 'code_syntax') throw error;
      const at = error.details as { line: number; column: number };
      return { ok: false, code: 'code_syntax', message: error.message, line: at.line, column: at.column };
    }
  }

  /** `compile`, after waiting for the sandbox when it is restarting. */
  compileWhenReady(source: string): Promise<CompiledCode> {
    return this.modules.use(() => this.compile(source));
  }

  /** Calls compiled code with `inputs`; answers what it returned (JSON), or undefined when it returned nothing. */
  async call(code: CompiledCode, inputs: Record<string, unknown>, options: CallOptions): Promise<unknown> {
    const capture = options.log ? new ConsoleCapture() : undefined;
    const input = JSON.stringify(inputs);
    try {
      const json = await this.modules.use((pool) => pool.use((slot) => slot.call(code.source, input, { signal: options.signal, console: capture })));
      if (json === undefined) return undefined;
      if (jsonTextTooDeep(json, options.maxValueDepth)) throw tooDeep('output', options.maxValueDepth);
      return JSON.parse(json);
    } finally {
      if (capture && options.log) capture.flush(options.log);
    }
  }

  close(): void {
    this.modules.close();
  }
}

declare module '@pattern/core' {
  interface ServiceMap {
    code: CodeService;
  }
}
