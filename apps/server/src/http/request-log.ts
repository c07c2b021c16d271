import type { MiddlewareHandler } from 'hono';

export type LineWriter = (line: string) => void;

/**
 * Writes lines in batches: one `write` per event-loop turn instead of one per line, so logging
 * every request stays cheap under load.
 */
export function bufferedWriter(write: (chunk: string) => void): LineWriter {
  let buffer: string[] = [];
  const flush = () => {
    const chunk = `${buffer.join('\n')}\n`;
    buffer = [];
    write(chunk);
  };
  return (line) => {
    if (buffer.length === 0) setImmediate(flush);
    buffer.push(line);
  };
}

/** One line per request: method, path, status, duration. */
export function requestLog(writeLine: LineWriter): MiddlewareHandler {
  // Not an async function: a request costs no promise and no microtask hop of its own here.
  return (c, next) => {
    const start = performance.now();
    return next().then(() => {
      writeLine(`${c.req.method} ${c.req.path} ${c.res.status} ${(performance.now() - start).toFixed(1)}ms`);
    });
  };
}
