import { expect } from 'vitest';
import { type Engine, type ErrorBody, isPatternError, type RunRecord } from '../src/index.ts';

/** One-node runs of an op on a started engine, as `POST /api/ops/:name/invoke` makes them. */
export function invoker(engine: () => Engine) {
  const invoke = (op: string, inputs: Record<string, unknown>, config: Record<string, unknown> = {}): Promise<RunRecord> =>
    engine().invoke(op, inputs, config).done;

  /** The outputs of a run that must succeed. */
  async function output(op: string, inputs: Record<string, unknown>, config: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const run = await invoke(op, inputs, config);
    expect(run.status, `${op}: ${run.error?.message}`).toBe('ok');
    return run.output as Record<string, unknown>;
  }

  /** A refusal: a validation problem when the run is started, or the node's error when it runs. */
  async function failure(op: string, inputs: Record<string, unknown>, config: Record<string, unknown> = {}): Promise<ErrorBody> {
    try {
      const run = await invoke(op, inputs, config);
      expect(run.status, `${op} was expected to fail`).toBe('error');
      return run.error as ErrorBody;
    } catch (error) {
      if (!isPatternError(error)) throw error;
      return error.toJSON();
    }
  }

  /** Hostile input is refused at validation or fails the node with a code of its own, never with an unexpected throw. */
  async function refusedOrOk(op: string, inputs: Record<string, unknown>, config: Record<string, unknown> = {}): Promise<RunRecord | undefined> {
    try {
      const run = await invoke(op, inputs, config);
      if (run.status === 'error') expect(run.error?.code, `${op}: ${run.error?.message}`).not.toBe('op_failed');
      else expect(run.status).toBe('ok');
      return run;
    } catch (error) {
      expect(isPatternError(error) && error.code, String(error)).toBe('validation_failed');
      return undefined;
    }
  }

  return { invoke, output, failure, refusedOrOk };
}

/** Values that have broken parsers elsewhere: sizes, NUL, lone surrogates, prototype keys, absurd numbers. */
export const HOSTILE_STRINGS = ['x'.repeat(1_000_000), 'a\u0000b', '\ud800', 'x\udfffy', '', ' '.repeat(100_000), '%'.repeat(10_000), '\u202e\ufeff'];
export const HOSTILE_VALUES: unknown[] = [
  ...HOSTILE_STRINGS,
  1e308,
  -0,
  Number.MAX_SAFE_INTEGER + 2,
  null,
  true,
  [],
  JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}'),
  deep(200),
];

function deep(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 ? { a: value } : [value];
  return value;
}
