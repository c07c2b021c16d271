import { parentPort, workerData } from 'node:worker_threads';
import { openSqlite } from '@pattern/sqlite';
import { createHistoryWriter, type WriterRequest } from './history-writer.ts';

/**
 * The thread that writes run history's large batches and runs the WAL checkpoints (see
 * history-thread.ts): a connection of its own to the server's SQLite file, so that work never
 * holds up the event loop that serves requests.
 */
const { file, keep } = workerData as { file: string; keep: number };
const db = openSqlite(file, { foreignKeys: true });
const write = createHistoryWriter(db, keep);
const port = parentPort;

port?.postMessage('ready');
// PASSIVE: copies what it can without waiting on writers; what it cannot, the next one copies.
const checkpoint = () => db.pragma('wal_checkpoint(PASSIVE)');

port?.on('message', (message: { seq: number; request: WriterRequest; checkpoint: boolean } | 'checkpoint' | 'stop') => {
  if (message === 'checkpoint') {
    checkpoint();
    return;
  }
  if (message === 'stop') {
    db.close();
    port.close();
    return;
  }
  // Nothing else writes history meanwhile, so the checkpoint copies the whole WAL and this write starts it over.
  if (message.checkpoint) checkpoint();
  port.postMessage({ seq: message.seq, reply: write(message.request) });
});
