import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Logger } from '@pattern/core';
import type Database from 'better-sqlite3';
import { createHistoryWriter, type WriterReply, type WriterRequest } from './history-writer.ts';

/**
 * How many writes history makes on this thread before it starts the worker. Starting one costs
 * a few hundred milliseconds of CPU (it loads TypeScript like the server): a server that records
 * a run now and then never pays it, a busy one pays it once, within its first second.
 */
export const WORKER_AFTER_WRITES = 200;

export interface HistoryThread {
  /** Whether writes go to a worker thread: true once it has started, false if it never will now (an in-memory database, a failure, a stop). */
  readonly started: Promise<boolean>;
  /** Resolves once the write is committed, or refused (`error`). */
  send(request: WriterRequest): Promise<WriterReply>;
  stop(): Promise<void>;
}

/**
 * Where run history is written: once history is busy, a worker thread with its own connection to
 * the file, so that the SQLite work of every commit (and the WAL checkpoints SQLite runs inside
 * commits) happens beside the event loop instead of on it. Before that, while the worker starts,
 * and if it fails, writes are made here, on this thread's connection (only one write is in flight
 * at a time, so the two never overlap); an in-memory database cannot be shared with a thread, so
 * it is always written here.
 */
export function startHistoryThread(db: Database.Database, keep: number, log: Logger, workerAfter = WORKER_AFTER_WRITES): HistoryThread {
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
    log.error('the run history thread failed; history is written on the main thread from now on', { error: reason });
    // What it had not answered is written again here: a write it committed is written twice, which upserts.
    for (const resolve of waiting.values()) resolve({ error: `the history thread failed: ${reason}` });
    waiting.clear();
  };
  const launch = () => {
    // The worker is TypeScript like the rest of the server, and loads it the way the server does (scripts/start.mjs).
    const entry = new URL('./history-worker.ts', import.meta.url).href;
    const boot = `import(${JSON.stringify(tsxApi())}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
    const thread = new Worker(boot, { eval: true, workerData: { file: db.name, keep } });
    thread.unref();
    thread.on('message', (message: { seq: number; reply: WriterReply } | 'ready') => {
      if (message === 'ready') {
        ready = true;
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
      if (!worker && !stopped && ++writes > workerAfter) worker = launch();
      if (!worker || !ready || failed || stopped) return Promise.resolve(here(request));
      const seq = next++;
      // While it owes an answer, the worker keeps the process alive: a committed write is always heard of.
      worker.ref();
      const thread = worker;
      return new Promise((resolve) => {
        waiting.set(seq, resolve);
        thread.postMessage({ seq, request });
      });
    },
    async stop() {
      if (stopped || failed) return;
      stopped = true;
      settleStarted(false);
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

/** tsx's ESM API, as a file URL: what `import('tsx/esm/api')` loads, found from any thread and under any loader. */
function tsxApi(): string {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const exports = JSON.parse(readFileSync(manifest, 'utf8')).exports as { './esm/api': { import: { default: string } } };
  return pathToFileURL(join(dirname(manifest), exports['./esm/api'].import.default)).href;
}
