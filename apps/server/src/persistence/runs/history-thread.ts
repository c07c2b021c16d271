import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Logger } from '@pattern/core';
import type Database from 'better-sqlite3';
import { createHistoryWriter, type WriterReply, type WriterRequest } from './history-writer.ts';
import { WalCheckpoints } from './wal-checkpoints.ts';

/**
 * How many writes history makes on this thread before it starts the worker. Starting one costs
 * a few hundred milliseconds of CPU and some 30 MiB (it loads TypeScript like the server, see
 * workerBoot): a server that records a run now and then never pays it, a busy one pays it once,
 * within its first second.
 */
export const WORKER_AFTER_WRITES = 200;

/**
 * A batch of this many runs starts the worker at once: so many requests answered in one turn of
 * the event loop is a busy server, whose batches would otherwise be committed here, large ones
 * too, until the 200th write. One large run alone does not: committing it here costs only its size.
 */
export const BUSY_BATCH_RUNS = 32;

/**
 * A batch whose text is larger than this is committed by the worker; a smaller one here. Handing a
 * batch to the worker and hearing back costs more CPU than committing a few small rows (waking a
 * thread is not cheap), and only the commit of a large batch, or a checkpoint, would stall the loop.
 */
export const INLINE_BYTES = 64 * 1024;

export interface HistoryThread {
  /** Whether the worker thread runs (large batches, checkpoints): true once it has started, false if it never will now (an in-memory database, a failure, a stop). */
  readonly started: Promise<boolean>;
  /** Resolves once the write is committed, or refused (`error`). */
  send(request: WriterRequest): Promise<WriterReply>;
  stop(): Promise<void>;
}

/**
 * Where run history is written: once history is busy, a worker thread with its own connection to
 * the file runs the SQLite work that would hold up the event loop, beside it: the commits of large
 * batches, and the WAL checkpoints (see wal-checkpoints.ts). Small batches, and every batch before
 * the worker has started or after it failed, are committed here, on this thread's connection (only
 * one write is in flight at a time, so the two never overlap); an in-memory database cannot be
 * shared with a thread, so it is always written here.
 */
export function startHistoryThread(
  db: Database.Database,
  keep: number,
  log: Logger,
  workerAfter = WORKER_AFTER_WRITES,
  inlineBytes = INLINE_BYTES,
): HistoryThread {
  const here = createHistoryWriter(db, keep);
  let settleStarted: (started: boolean) => void = () => {};
  const started = new Promise<boolean>((resolve) => {
    settleStarted = resolve;
  });
  if (db.memory) {
    settleStarted(false);
    return { started, send: async (request) => here(request), stop: async () => {} };
  }

  const waiting = new Map<number, (reply: WriterReply) => void>();
  let worker: Worker | undefined;
  const checkpoints = new WalCheckpoints(db, () => worker?.postMessage('checkpoint'));
  const writeHere = (request: WriterRequest) => {
    const reply = here(request);
    checkpoints.committed();
    return reply;
  };
  let exited: Promise<void> = Promise.resolve();
  let writes = 0;
  let next = 0;
  let ready = false;
  let failed = false;
  let stopped = false;
  const fail = (reason: string) => {
    settleStarted(false);
    if (failed || stopped) return;
    failed = true;
    checkpoints.takeBack();
    log.error('the run history thread failed; history is written on the main thread from now on', { error: reason });
    // What it had not answered is written again here: a write it committed is written twice, which upserts.
    for (const resolve of waiting.values()) resolve({ error: `the history thread failed: ${reason}` });
    waiting.clear();
  };
  const launch = () => {
    const thread = new Worker(workerBoot(), { eval: true, workerData: { file: db.name, keep } });
    thread.unref();
    thread.on('message', (message: { seq: number; reply: WriterReply } | 'ready') => {
      if (message === 'ready') {
        ready = true;
        // A stop or failure before the thread was ready leaves the checkpoints to SQLite, and so does a connection closed meanwhile.
        if (!stopped && !failed && db.open) checkpoints.handOff();
        settleStarted(true);
        return;
      }
      const resolve = waiting.get(message.seq);
      waiting.delete(message.seq);
      resolve?.(message.reply);
      if (waiting.size === 0) thread.unref();
    });
    thread.on('error', (error) => fail(String(error)));
    exited = new Promise<void>((resolve) => {
      thread.once('exit', (code) => {
        if (code !== 0) fail(`exit code ${code}`);
        resolve();
      });
    });
    return thread;
  };
  if (workerAfter <= 0) worker = launch();

  return {
    started,
    send(request) {
      if (!worker && !stopped && startsWorker(++writes, workerAfter, request)) worker = launch();
      if (!worker || !ready || failed || stopped) return Promise.resolve(writeHere(request));
      const checkpoint = checkpoints.due();
      if (!checkpoint && textBytes(request) <= inlineBytes) return Promise.resolve(writeHere(request));
      const seq = next++;
      // While it owes an answer, the worker keeps the process alive: a committed write is always heard of.
      worker.ref();
      const thread = worker;
      return new Promise((resolve) => {
        waiting.set(seq, resolve);
        thread.postMessage({ seq, request, checkpoint });
      });
    },
    async stop() {
      if (stopped || failed) return;
      stopped = true;
      settleStarted(false);
      checkpoints.takeBack();
      if (!worker) return;
      // Still starting: it has written nothing, and has nothing to close.
      if (!ready) {
        await worker.terminate();
        return;
      }
      // Held until it has closed its connection: the process must not end in the middle of that.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}

/** Whether the `writes`th write on this thread, `request`, is the one to start the worker with. */
export function startsWorker(writes: number, workerAfter: number, request: WriterRequest): boolean {
  return writes > workerAfter || (request.kind === 'batch' && request.rows.length >= BUSY_BATCH_RUNS);
}

/** How much text a write carries: what its commit costs. */
function textBytes(request: WriterRequest): number {
  if (request.kind === 'withheld') return 0;
  let bytes = 0;
  for (const row of request.rows) bytes += row.summary.length + (row.traces?.length ?? 0);
  for (const graph of request.graphs) bytes += graph.text?.length ?? 0;
  return bytes;
}

/**
 * What the worker thread runs first. The worker is TypeScript like the rest of the server. A thread
 * inherits the loader given on the server's command line (`tsx src/main.ts`, `node --import tsx`),
 * and then imports the worker as it is, needing nothing else; a loader registered while running
 * (`npm start`: scripts/start.mjs calls tsx's `register()`) is not inherited, so the thread then
 * registers tsx itself and imports the worker again under a new URL, as Node keeps the failed
 * import of the first. Whatever fails there (tsx not installed) fails the thread, not the write.
 */
function workerBoot(): string {
  const entry = new URL('./history-worker.ts', import.meta.url).href;
  return `const entry = ${JSON.stringify(entry)};
import(entry).catch((error) => {
  if (error?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
  const api = ${JSON.stringify(tsxApi() ?? null)};
  if (api === null) throw new Error('the history worker is TypeScript, and tsx is not installed to load it');
  return import(api).then(({ register }) => {
    register();
    return import(entry + '?registered');
  });
});`;
}

/** tsx's ESM API as a file URL (what `import('tsx/esm/api')` loads, found from any thread and under any loader), if tsx is installed. */
function tsxApi(): string | undefined {
  let manifest: string;
  try {
    manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  } catch {
    return undefined;
  }
  const exports = JSON.parse(readFileSync(manifest, 'utf8')).exports as { './esm/api': { import: { default: string } } };
  return pathToFileURL(join(dirname(manifest), exports['./esm/api'].import.default)).href;
}
