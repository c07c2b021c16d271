import { parentPort, workerData } from 'node:worker_threads';
import { openSqlite } from '@pattern/sqlite';
import { createHistoryWriter, type WriterRequest } from './history-writer.ts';

/**
 * The thread run history is written on (see history-thread.ts): a connection of its own to the
 * server's SQLite file, so commits, and the WAL checkpoints SQLite runs inside them, never hold
 * up the event loop that serves requests.
 */
const { file, keep } = workerData as { file: string; keep: number };
const db = openSqlite(file, { foreignKeys: true });
const write = createHistoryWriter(db, keep);
const port = parentPort;

port?.postMessage('ready');
port?.on('message', (message: { seq: number; request: WriterRequest } | 'stop') => {
  if (message === 'stop') {
    db.close();
    port.close();
    return;
  }
  port.postMessage({ seq: message.seq, reply: write(message.request) });
});
