import { join } from 'node:path';
import { createMemoryRunStore, createMemoryWorkflowStore, type RunStore, type Workflow, type WorkflowStore, workflowHash } from '@pattern/core';
import { createPool } from '@pattern/postgres';
import { freshSchema, tempDir } from '@pattern/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { PackageStore } from '../src/packages/package-store.ts';
import { openDatabase } from '../src/persistence/database.ts';
import { createMemoryPackageStore } from '../src/persistence/packages/memory.ts';
import { createPostgresPackageStore } from '../src/persistence/packages/postgres.ts';
import { createSqlitePackageStore } from '../src/persistence/packages/sqlite.ts';
import { createPostgresRunStore } from '../src/persistence/runs/postgres.ts';
import { createSqliteRunStore } from '../src/persistence/runs/sqlite.ts';
import { createPostgresWorkflowStore } from '../src/persistence/workflows/postgres.ts';
import { createSqliteWorkflowStore } from '../src/persistence/workflows/sqlite.ts';
import { runRecord as run } from './fixtures/run-record.ts';

interface Drivers {
  runs: RunStore;
  workflows: WorkflowStore;
  packages: PackageStore;
  close(): Promise<void>;
}

const options = { keep: 5, maxValueBytes: 1024 };

const drivers: Record<string, () => Promise<Drivers>> = {
  memory: async () => ({
    runs: createMemoryRunStore({ keep: options.keep }),
    workflows: createMemoryWorkflowStore(),
    packages: createMemoryPackageStore(),
    close: async () => {},
  }),
  sqlite: async () => {
    const db = openDatabase(join(tempDir(), 'pattern.db'));
    return {
      runs: createSqliteRunStore(db, options),
      workflows: createSqliteWorkflowStore(db),
      packages: createSqlitePackageStore(db),
      close: async () => {
        db.close();
      },
    };
  },
  postgres: async () => {
    const schema = await freshSchema();
    const pool = createPool(schema.url, 4);
    const workflows = await createPostgresWorkflowStore(pool);
    const runs = await createPostgresRunStore(pool, { ...options, instanceId: 'test-instance' });
    const packages = await createPostgresPackageStore(pool);
    return {
      runs,
      workflows,
      packages,
      close: async () => {
        await runs.close();
        await workflows.close();
        await pool.end();
        await schema.drop();
      },
    };
  },
};

const doc = (text: string): Workflow => ({ id: 'w', nodes: [{ id: 'a', op: 'value.const', config: { value: text } }], edges: [] });

describe.each(Object.keys(drivers))('server persistence on %s', (name) => {
  let stores: Drivers | undefined;
  afterEach(async () => {
    await stores?.close();
    stores = undefined;
  });
  const open = async () => {
    stores = await (drivers[name] as () => Promise<Drivers>)();
    return stores;
  };

  it('saves, lists and deletes workflows with their versions and activations', async () => {
    const { workflows } = await open();
    const first = await workflows.put('w', doc('one'));
    expect(first).toMatchObject({ id: 'w', activeVersion: null });
    const second = await workflows.put('w', doc('two'));
    expect(second.createdAt).toBe(first.createdAt);
    expect(second.document.nodes[0]?.config).toEqual({ value: 'two' });
    expect(await workflows.get('w')).toMatchObject({ id: 'w', document: { nodes: [{ config: { value: 'two' } }] } });
    expect(await workflows.get('nope')).toBeUndefined();
    const version = {
      workflowId: 'w',
      version: 1,
      document: doc('two'),
      hash: workflowHash(doc('two')),
      note: 'n',
      createdAt: new Date().toISOString(),
    };
    await workflows.addVersion(version);
    await workflows.activate({ workflowId: 'w', version: 1, previous: null, at: new Date().toISOString() });
    expect((await workflows.list())[0]?.activeVersion).toBe(1);
    const [stored] = await workflows.versions('w');
    expect(workflowHash(stored?.document as Workflow)).toBe(stored?.hash);
    expect((await workflows.activations('w')).map((a) => a.version)).toEqual([1]);
    expect(await workflows.deleteVersion('w', 1)).toBe(true);
    expect(await workflows.delete('w')).toBe(true);
    expect(await workflows.list()).toEqual([]);
    expect(await workflows.delete('w')).toBe(false);
  });

  it('records runs: the settled record replaces the running one, pages newest first, keeps the newest', async () => {
    const { runs } = await open();
    runs.save(run('01A', { status: 'running', nodes: {} }));
    runs.save(run('01A'));
    for (const id of ['01B', '01C', '01D']) runs.save(run(id, { status: id === '01C' ? 'error' : 'ok' }));
    await runs.flush();
    expect(await runs.get('01A')).toMatchObject({ status: 'ok', graph: { nodes: [{ id: 'a' }] }, nodes: { a: { status: 'ok' } } });
    const page = await runs.list({ limit: 2 });
    expect(page.runs.map((r) => r.id)).toEqual(['01D', '01C']);
    expect(page.runs[0]).not.toHaveProperty('nodes');
    expect((await runs.list({ limit: 2, cursor: page.next as string })).runs.map((r) => r.id)).toEqual(['01B', '01A']);
    expect((await runs.list({ status: 'error' })).runs.map((r) => r.id)).toEqual(['01C']);
    expect((await runs.latestByWorkflow()).w?.id).toBe('01D');
  });

  it('lists runs left running, for recovery', async () => {
    const { runs } = await open();
    runs.save(run('01E', { status: 'running' }));
    runs.save(run('01F'));
    await runs.flush();
    expect((await runs.listRunning()).map((r) => r.id)).toEqual(['01E']);
  });

  it('stores packages by id and version, saying when it replaced', async () => {
    const { packages } = await open();
    const pkg = (version: string, name: string) => ({
      manifest: { id: 'p', version, name, description: '' },
      workflows: [],
      collections: [],
      hash: `h-${name}`,
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    });
    expect((await packages.put(pkg('1.0.0', 'a'))).replaced).toBe(false);
    const replaced = await packages.put(pkg('1.0.0', 'b'));
    expect(replaced.replaced).toBe(true);
    expect(replaced.stored.hash).toBe('h-b');
    await packages.put(pkg('2.0.0', 'c'));
    expect((await packages.versions('p')).map((p) => p.manifest.version).sort()).toEqual(['1.0.0', '2.0.0']);
    expect((await packages.get('p', '1.0.0'))?.manifest.name).toBe('b');
    expect(await packages.delete('p', '1.0.0')).toBe(true);
    expect(await packages.get('p', '1.0.0')).toBeUndefined();
  });
});

describe('run history shared by several servers', () => {
  it("offers a server's running runs for recovery only once it stops beating, and to one survivor", async () => {
    const schema = await freshSchema();
    const pool = createPool(schema.url, 4);
    const a = await createPostgresRunStore(pool, { ...options, instanceId: 'server-a' });
    const b = await createPostgresRunStore(pool, { ...options, instanceId: 'server-b' });
    const c = await createPostgresRunStore(pool, { ...options, instanceId: 'server-c' });
    try {
      a.save(run('01G', { status: 'running' }));
      await a.flush();
      expect(await b.listRunning()).toEqual([]);
      await a.close();
      const [byB, byC] = await Promise.all([b.listRunning(), c.listRunning()]);
      expect([...byB, ...byC].map((r) => r.id)).toEqual(['01G']);
    } finally {
      await b.close();
      await c.close();
      await pool.end();
      await schema.drop();
    }
  });
});
