import { PatternError } from '@pattern/core';
import { locateInSource } from './realm.ts';

/** What QuickJS threw, read back as plain data. */
export interface ThrownValue {
  name?: unknown;
  message?: unknown;
  stack?: unknown;
}

/** How a call ended badly, as the node error it becomes; `limit` faults leave the sandbox to be recycled. */
export interface Fault {
  error: PatternError;
  limit: boolean;
}

const MAX_MESSAGE = 1_000;

/**
 * Sorts a value QuickJS threw into the node error a person reads: a limit (`timeout`,
 * `out_of_memory`, `stack_overflow`, `cancelled`) or the code's own exception (`code_error`),
 * located in the node's source, never in the wrapper around it.
 */
export function classifyThrown(thrown: unknown, source: string, limits: { timeoutMs: number; memoryBytes: number; aborted: boolean }): Fault {
  const value = (typeof thrown === 'object' && thrown !== null ? thrown : { message: thrown }) as ThrownValue;
  const name = typeof value.name === 'string' ? value.name : undefined;
  const message = clip(typeof value.message === 'string' ? value.message : describe(thrown));
  if (name === 'InternalError' && message === 'interrupted') {
    if (limits.aborted) return { limit: true, error: new PatternError('cancelled', 'The run was stopped while the code ran') };
    return {
      limit: true,
      error: new PatternError('timeout', `The code ran longer than ${limits.timeoutMs} ms and was stopped`, { timeoutMs: limits.timeoutMs }),
    };
  }
  if (name === 'InternalError' && message === 'out of memory') return outOfMemory(limits.memoryBytes);
  if (name === 'InternalError' && message === 'stack overflow') {
    return { limit: true, error: new PatternError('stack_overflow', 'The code recursed too deeply and was stopped', null) };
  }
  const at = locateInSource(value.stack, source);
  const where = at ? ` (line ${at.line}, column ${at.column})` : '';
  return {
    limit: false,
    error: new PatternError('code_error', `${name ? `${name}: ` : ''}${message}${where}`, {
      name: name ?? null,
      ...(at ?? { line: null, column: null }),
    }),
  };
}

export function outOfMemory(memoryBytes: number): Fault {
  return {
    limit: true,
    error: new PatternError('out_of_memory', `The code needed more than ${memoryBytes} bytes of memory and was stopped`, { memoryBytes }),
  };
}

/** A syntax error, located in the node's source; `prepare` turns it into a problem at `config.source`. */
export function syntaxError(thrown: unknown, source: string): PatternError {
  const value = (typeof thrown === 'object' && thrown !== null ? thrown : { message: thrown }) as ThrownValue;
  const message = clip(typeof value.message === 'string' ? value.message : describe(thrown));
  const at = locateInSource(value.stack, source) ?? { line: 1, column: 1 };
  const name = typeof value.name === 'string' ? value.name : 'SyntaxError';
  return new PatternError('code_syntax', `${name}: ${message} (line ${at.line}, column ${at.column})`, at);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function clip(text: string): string {
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
}
