/**
 * What every sandbox context runs once, before any user code: it installs `console` (bound to the
 * host's capped log), freezes every object reachable from `globalThis` so that one call's code
 * cannot leave anything behind for the next (contexts are pooled across workflows), and hands
 * back the three functions the host calls. Only strings cross: JSON in, JSON out.
 *
 * Freezing prototypes would turn `error.name = 'X'` on an instance into a TypeError (an inherited
 * read-only property blocks assignment), so the properties people do assign on their own objects
 * become accessors that define the property on the instance instead.
 */
export const REALM_SOURCE = `(function (hostLog) {
  'use strict';
  const parse = JSON.parse;
  const stringify = JSON.stringify;
  const toText = Function.prototype.toString;
  const call = Function.prototype.call;
  const isPromise = (value) => value instanceof Promise;
  const text = (value) => {
    if (typeof value === 'string') return value;
    try {
      const json = stringify(value);
      return json === undefined ? String(value) : json;
    } catch (error) {
      return String(value);
    }
  };
  const line = (level) => function (...args) {
    let out = '';
    for (let i = 0; i < args.length; i++) out += (i === 0 ? '' : ' ') + text(args[i]);
    hostLog(level, out);
  };
  Object.defineProperty(globalThis, 'console', {
    value: { log: line('info'), info: line('info'), debug: line('debug'), warn: line('warn'), error: line('error') },
  });

  // Their callbacks run whenever the collector gets to them, which may be during a later call.
  delete globalThis.FinalizationRegistry;
  delete globalThis.WeakRef;

  const tame = (proto) => {
    for (const key of Reflect.ownKeys(proto)) {
      const d = Object.getOwnPropertyDescriptor(proto, key);
      if (!('value' in d) || !d.writable || !d.configurable) continue;
      const value = d.value;
      Object.defineProperty(proto, key, {
        get() { return value; },
        set(next) { Object.defineProperty(this, key, { value: next, writable: true, enumerable: true, configurable: true }); },
        enumerable: d.enumerable,
        configurable: false,
      });
    }
  };
  tame(Object.prototype);
  tame(Function.prototype);
  for (const E of [Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError, AggregateError]) tame(E.prototype);
  if (typeof InternalError === 'function') tame(InternalError.prototype);

  const seen = new Set();
  const pending = [globalThis];
  while (pending.length > 0) {
    const object = pending.pop();
    if (object === null || (typeof object !== 'object' && typeof object !== 'function') || seen.has(object)) continue;
    seen.add(object);
    for (const key of Reflect.ownKeys(object)) {
      const d = Object.getOwnPropertyDescriptor(object, key);
      if ('value' in d) pending.push(d.value);
      else pending.push(d.get, d.set);
    }
    pending.push(Object.getPrototypeOf(object));
    Object.freeze(object);
  }

  const encode = (value) => {
    if (value === undefined) return undefined;
    try {
      const json = stringify(value);
      return json === undefined ? { invalid: 'it is ' + typeof value + ', not JSON' } : json;
    } catch (error) {
      return { invalid: error instanceof Error ? error.message : String(error) };
    }
  };
  return Object.freeze({
    run(fn, json) {
      const out = fn(parse(json));
      return isPromise(out) ? out.then(encode) : encode(out);
    },
    source(fn) {
      return call.call(toText, fn);
    },
  });
})`;

/** The file name user code runs under, so its frames can be told from the realm's in a stack. */
export const SOURCE_FILE = 'code.js';

const PREFIX = "(function (inputs) {'use strict';\n";
const SUFFIX = '\n})';

/** The user's lines start on the wrapper's second line. */
const LINE_OFFSET = 1;

/** The function expression that gives a node's source its one parameter, `inputs`. */
export function wrapSource(source: string): string {
  return PREFIX + source + SUFFIX;
}

/** What the wrapped function's own text must be: anything else means the source closed the function early. */
export function expectedFunctionText(source: string): string {
  return (PREFIX + source + SUFFIX).slice(1, -1);
}

export interface SourceLocation {
  line: number;
  column: number;
}

/**
 * The innermost frame of user code in a QuickJS stack (`at f (code.js:3:8)`), as a line and column
 * of the node's source. A frame on the wrapper's closing line (a missing brace) is placed just past
 * the source's end.
 */
export function locateInSource(stack: unknown, source: string): SourceLocation | undefined {
  if (typeof stack !== 'string') return undefined;
  const match = /code\.js:(\d+):(\d+)/.exec(stack);
  if (!match) return undefined;
  const lines = source.split('\n');
  const line = Number(match[1]) - LINE_OFFSET;
  const column = Number(match[2]);
  if (line < 1) return { line: 1, column: 1 };
  if (line > lines.length) return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
  return { line, column };
}
