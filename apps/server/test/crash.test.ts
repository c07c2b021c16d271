import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { callJson, tempDir } from '@pattern/testing';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { childServer, root } from './helpers.ts';

/**
 * A real server process, killed with SIGKILL while clients put documents, append events and
 * hold leases in runs. What the clients saw acknowledged is what must survive; what they did not
 * may be there or not, but never half.
 */

const WRITERS = 6;
const APPENDERS = 4;
const LEASE_RUNS = 24;
const PAD = 'x'.repeat(200);

const leaseWorkflow = (key: string) => ({
  nodes: [
    { id: 'lease', op: 'store.lease.acquire', config: { key, ttlMs: 3_600_000 } },
    { id: 'hold', op: 'flow.delay', config: { ms: 600_000 } },
  ],
  edges: [{ from: { node: 'lease', port: 'lease' }, to: { node: 'hold', port: 'value' } }],
});

function startServer(dataDir: string, settleLog: string) {
  const config = join(dataDir, 'crash.config.json');
  writeFileSync(
    config,
    JSON.stringify({
      dataDir,
      mods: ['@pattern/mod-store', '@pattern/mod-event-store', join(root, 'apps/server/test/fixtures/counting-mod.ts')],
    }),
  );
  return childServer(dataDir, { PATTERN_CONFIG: config, SETTLE_LOG: settleLog });
}

const call = callJson;

function exited(child: ChildProcess): Promise<NodeJS.Signals | null> {
  return new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
}

it('after SIGKILL under load, every acknowledged write is there, nothing is half-written, and interrupted runs free their leases', async () => {
  const dataDir = tempDir('pattern-crash-');
  const settleLog = join(dataDir, 'settled.log');
  const first = await startServer(dataDir, settleLog);
  const url = first.url;

  const acknowledged = { docs: new Map<string, { w: number; i: number }>(), appends: new Map<number, number[]>(), runs: new Map<string, string>() };
  let stopped = false;
  const loops: Promise<void>[] = [];

  for (let w = 0; w < WRITERS; w++) {
    loops.push(
      (async () => {
        for (let i = 0; !stopped; i++) {
          const id = `w${w}-${i}`;
          const res = await call(url, 'PUT', `/api/store/collections/crash/docs/${id}`, { w, i, pad: PAD }).catch(() => undefined);
          if (res?.status === 200) acknowledged.docs.set(id, { w, i });
        }
      })(),
    );
  }
  for (let s = 0; s < APPENDERS; s++) {
    acknowledged.appends.set(s, []);
    loops.push(
      (async () => {
        for (let n = 0; !stopped; n++) {
          const res = await call(url, 'POST', '/api/ops/events.append/invoke', {
            inputs: {
              aggregateType: 'Crash',
              aggregateId: `s${s}`,
              events: [
                { id: `s${s}-${n}-tick`, type: 'Tick', payload: { n } },
                { id: `s${s}-${n}-tock`, type: 'Tock', payload: { n } },
              ],
              expectedVersion: n === 0 ? 'no_stream' : 2 * n,
            },
          }).catch(() => undefined);
          if (res?.status === 200 && res.body.status === 'ok' && res.body.output?.ok === true) acknowledged.appends.get(s)?.push(n);
        }
      })(),
    );
  }
  // Runs that take a lease and hold it, started until the very moment of the kill.
  loops.push(
    (async () => {
      for (let k = 0; !stopped; k++) {
        const key = `crash:${k}`;
        const res = await call(url, 'POST', '/api/runs', { workflow: leaseWorkflow(key), wait: false }).catch(() => undefined);
        if (res?.status === 202) acknowledged.runs.set(res.body.id, key);
        if (k >= LEASE_RUNS) await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })(),
  );

  // Kill once every kind of write has been acknowledged many times and every lease is held.
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const appended = [...acknowledged.appends.values()].every((list) => list.length >= 20);
    if (acknowledged.docs.size < 400 || !appended || acknowledged.runs.size < LEASE_RUNS) continue;
    const leases = await call(url, 'GET', '/api/store/leases');
    if (leases.body.leases.filter((l: { key: string }) => l.key.startsWith('crash:')).length >= LEASE_RUNS) break;
  }
  const killed = exited(first.child);
  first.child.kill('SIGKILL');
  expect(await killed).toBe('SIGKILL');
  stopped = true;
  await Promise.all(loops);
  // The runs holding leases never settled before the kill.
  const settledBefore = readFileSync(settleLog, { flag: 'a+' }).toString();
  for (const runId of acknowledged.runs.keys()) expect(settledBefore).not.toContain(runId);

  const second = await startServer(dataDir, settleLog);
  try {
    // Documents: every acknowledged put is there, and every document there is whole.
    for (const [id, data] of acknowledged.docs) {
      const res = await call(second.url, 'GET', `/api/store/collections/crash/docs/${id}`);
      expect(res.status, id).toBe(200);
      expect(res.body.data).toEqual({ ...data, pad: PAD });
    }
    let cursor: string | undefined;
    let stored = 0;
    do {
      const page = await call(second.url, 'GET', `/api/store/collections/crash/docs?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
      for (const doc of page.body.docs as Array<{ id: string; data: { w: number; i: number; pad: string } }>) {
        expect(doc.id).toBe(`w${doc.data.w}-${doc.data.i}`);
        expect(doc.data.pad).toBe(PAD);
        stored++;
      }
      cursor = page.body.next ?? undefined;
    } while (cursor);
    expect(stored).toBeGreaterThanOrEqual(acknowledged.docs.size);

    // Events: every acknowledged append is there; appends are whole pairs at contiguous versions.
    for (const [s, ns] of acknowledged.appends) {
      const events: Array<{ type: string; version: number; payload: { n: number } }> = [];
      for (;;) {
        const res = await call(second.url, 'GET', `/api/events/streams/Crash/s${s}?from=${events.length + 1}&limit=1000`);
        expect(res.status).toBe(200);
        events.push(...res.body.events);
        if (res.body.events.length < 1000) break;
      }
      expect(events.length % 2).toBe(0);
      events.forEach((event, index) => {
        expect(event.version).toBe(index + 1);
        expect(event.type).toBe(index % 2 === 0 ? 'Tick' : 'Tock');
        expect(event.payload.n).toBe(Math.floor(index / 2));
      });
      expect(events.length / 2).toBeGreaterThanOrEqual(ns.length);
      for (const n of ns) expect(events[2 * n]?.payload.n).toBe(n);
    }

    // Runs that held leases: settled as interrupted once, their hooks run, their leases free.
    const settled = readFileSync(settleLog, 'utf8').trim().split('\n');
    for (const [runId, key] of acknowledged.runs) {
      const run = await call(second.url, 'GET', `/api/runs/${runId}`);
      expect(run.status, runId).toBe(200);
      expect(run.body.status).toBe('error');
      expect(run.body.error.code).toBe('interrupted');
      expect(settled.filter((line) => line.startsWith(`${runId} `))).toEqual([`${runId} error interrupted`]);
      const again = await call(second.url, 'POST', '/api/ops/store.lease.acquire/invoke', { inputs: { key, owner: 'after-restart' } });
      expect(again.body.output, key).toMatchObject({ ok: true });
    }
    const running = await call(second.url, 'GET', '/api/runs?status=running');
    expect(running.body.runs).toEqual([]);
    const leases = await call(second.url, 'GET', '/api/store/leases');
    expect(leases.body.leases.every((l: { owner: string }) => l.owner === 'after-restart')).toBe(true);
  } finally {
    const done = exited(second.child);
    second.child.kill('SIGTERM');
    await done;
  }

  for (const file of readdirSync(dataDir).filter((f) => f.endsWith('.db'))) {
    const db = new Database(join(dataDir, file), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true }), file).toBe('ok');
    } finally {
      db.close();
    }
  }
}, 120_000);
