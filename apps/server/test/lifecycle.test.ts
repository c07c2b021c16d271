import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '@pattern/testing';
import { describe, expect, it } from 'vitest';
import { childServer } from './helpers.ts';

const slow = { nodes: [{ id: 'wait', op: 'flow.delay', config: { ms: 60_000 } }], edges: [] };

async function startSlowRun(url: string): Promise<string> {
  const response = await fetch(`${url}/api/runs`, { method: 'POST', body: JSON.stringify({ workflow: slow, wait: false }) });
  return ((await response.json()) as { id: string }).id;
}

function settleLog(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

function exited(child: import('node:child_process').ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('server lifecycle in a real process', () => {
  it('settles running runs as cancelled on SIGTERM, once, and exits cleanly', async () => {
    const dataDir = tempDir();
    const log = join(dataDir, 'settled.log');
    const first = await childServer(dataDir, { SETTLE_LOG: log });
    const runId = await startSlowRun(first.url);
    const exit = exited(first.child);
    first.child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(settleLog(log)).toEqual([`${runId} cancelled shutdown`]);

    const second = await childServer(dataDir, { SETTLE_LOG: log });
    const record = (await (await fetch(`${second.url}/api/runs/${runId}`)).json()) as { status: string };
    expect(record.status).toBe('cancelled');
    const stop = exited(second.child);
    second.child.kill('SIGTERM');
    await stop;
    expect(settleLog(log)).toHaveLength(1);
  }, 60_000);

  it('after SIGKILL, the next start settles the run as interrupted and runs its hooks exactly once', async () => {
    const dataDir = tempDir();
    const log = join(dataDir, 'settled.log');
    const first = await childServer(dataDir, { SETTLE_LOG: log });
    const runId = await startSlowRun(first.url);
    // The running record is written in the next batch; give it a moment to reach the disk.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const killed = exited(first.child);
    first.child.kill('SIGKILL');
    await killed;
    expect(settleLog(log)).toEqual([]);

    const second = await childServer(dataDir, { SETTLE_LOG: log });
    const record = (await (await fetch(`${second.url}/api/runs/${runId}`)).json()) as {
      status: string;
      error: { code: string };
      nodes: Record<string, { status: string }>;
    };
    expect(record.status).toBe('error');
    expect(record.error.code).toBe('interrupted');
    expect(record.nodes.wait?.status).toBe('skipped');
    expect(settleLog(log)).toEqual([`${runId} error interrupted`]);
    const stop = exited(second.child);
    second.child.kill('SIGTERM');
    await stop;

    const third = await childServer(dataDir, { SETTLE_LOG: log });
    const done = exited(third.child);
    third.child.kill('SIGTERM');
    await done;
    expect(settleLog(log)).toHaveLength(1);
  }, 60_000);
});
