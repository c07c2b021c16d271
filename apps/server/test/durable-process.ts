import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerProcess } from '@pattern/testing';
import { callJson } from '@pattern/testing';
import Database from 'better-sqlite3';
import { nodeStatuses } from './durable-helpers.ts';

/** What the durable-run process tests share: calls to a spawned server, its end, and history as committed. */

export const call = callJson;

export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

export async function kill(server: ServerProcess): Promise<void> {
  const gone = exited(server.child);
  server.child.kill('SIGKILL');
  await gone;
}

export interface CommittedRun {
  id: string;
  status: string;
  parentRunId?: string;
  childKey?: string;
  nodes: Record<string, string>;
}

/** Runs as history committed them (a reader beside the server, as WAL allows): the run `id`, or the children of `parentRunId`. */
export function committed(dataDir: string, query: { id?: string; parentRunId?: string }): CommittedRun[] {
  const file = join(dataDir, 'pattern.db');
  if (!existsSync(file)) return [];
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const where = query.id !== undefined ? 'id = ?' : "json_extract(record, '$.parentRunId') = ?";
    const rows = db
      .prepare<[string], { record: string; traces: string | null }>(`SELECT record, traces FROM runs WHERE ${where}`)
      .all(query.id ?? (query.parentRunId as string));
    return rows.map((row) => {
      const record = JSON.parse(row.record) as Omit<CommittedRun, 'nodes'>;
      return { id: record.id, status: record.status, parentRunId: record.parentRunId, childKey: record.childKey, nodes: nodeStatuses(row.traces) };
    });
  } finally {
    db.close();
  }
}

export async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 20));
}

export async function untilSettled(url: string, runId: string) {
  for (;;) {
    const run = await call(url, 'GET', `/api/runs/${runId}`);
    if (run.status === 200 && run.body.status !== 'running') return run.body;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
