import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger, RunStore, WorkflowStore } from '@pattern/core';
import { createPool } from '@pattern/postgres';
import { ulid } from 'ulid';
import type { PackageStore } from '../packages/package-store.ts';
import type { Settings } from '../settings.ts';
import { openDatabase } from './database.ts';
import { createMemoryPackageStore } from './packages/memory.ts';
import { createPostgresPackageStore } from './packages/postgres.ts';
import { createSqlitePackageStore } from './packages/sqlite.ts';
import { createMemoryRunStore } from './runs/memory.ts';
import { createPostgresRunStore } from './runs/postgres.ts';
import { createSqliteRunStore } from './runs/sqlite.ts';
import { createMemoryWorkflowStore } from './workflows/memory.ts';
import { createPostgresWorkflowStore } from './workflows/postgres.ts';
import { createSqliteWorkflowStore } from './workflows/sqlite.ts';

export interface Stores {
  runs: RunStore;
  workflows: WorkflowStore;
  packages: PackageStore;
  /** The folder mods keep their files in (SQLite, blobs); none in memory. */
  dataDir: string | undefined;
  /** Nothing was stored before: the server seeds its example workflow. */
  firstStart: boolean;
  close(): Promise<void>;
}

/** The server's own persistence: PostgreSQL when a database URL is set, else SQLite in the data dir, or memory. */
export async function openStores(settings: Settings, log: Logger): Promise<Stores> {
  const runOptions = { keep: settings.keepRuns, maxValueBytes: settings.maxTraceValueBytes, log };
  if (settings.databaseUrl) {
    const pool = createPool(settings.databaseUrl);
    const workflows = await createPostgresWorkflowStore(pool, log);
    const runs = await createPostgresRunStore(pool, { ...runOptions, instanceId: ulid() });
    const packages = await createPostgresPackageStore(pool);
    const firstStart = (await workflows.list()).length === 0 && (await runs.list({ limit: 1 })).runs.length === 0;
    mkdirSync(settings.dataDir, { recursive: true });
    return { runs, workflows, packages, dataDir: settings.dataDir, firstStart, close: () => pool.end() };
  }
  if (settings.storage === 'memory') {
    return {
      runs: createMemoryRunStore(settings.keepRuns),
      workflows: createMemoryWorkflowStore(),
      packages: createMemoryPackageStore(),
      dataDir: undefined,
      firstStart: true,
      close: async () => {},
    };
  }
  const file = join(settings.dataDir, 'pattern.db');
  const firstStart = !existsSync(file);
  const db = openDatabase(file);
  return {
    runs: createSqliteRunStore(db, runOptions),
    workflows: createSqliteWorkflowStore(db),
    packages: createSqlitePackageStore(db),
    dataDir: settings.dataDir,
    firstStart,
    close: async () => {
      db.close();
    },
  };
}
