import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger, RunStore, WorkflowStore } from '@pattern/core';
import { createPool } from '@pattern/postgres';
import { ulid } from 'ulid';
import type { PackageStore } from '../packages/package-store.ts';
import type { PresenceRelay } from '../presence/presence.ts';
import { localPresenceRelay, postgresPresenceRelay } from '../presence/relays.ts';
import type { ScheduleStore } from '../schedules/schedule-store.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import type { Settings } from '../settings.ts';
import type { TokenStore } from '../tokens/token-store.ts';
import { openDatabase } from './database.ts';
import { createMemoryPackageStore } from './packages/memory.ts';
import { createPostgresPackageStore } from './packages/postgres.ts';
import { createSqlitePackageStore } from './packages/sqlite.ts';
import { createMemoryRunStore } from './runs/memory.ts';
import { createPostgresRunStore } from './runs/postgres.ts';
import { createSqliteRunStore } from './runs/sqlite.ts';
import { createMemoryScheduleStore } from './schedules/memory.ts';
import { createPostgresScheduleStore } from './schedules/postgres.ts';
import { createSqliteScheduleStore } from './schedules/sqlite.ts';
import { createMemorySecretStore } from './secrets/memory.ts';
import { createPostgresSecretStore } from './secrets/postgres.ts';
import { createSqliteSecretStore } from './secrets/sqlite.ts';
import { createMemoryTokenStore } from './tokens/memory.ts';
import { createPostgresTokenStore } from './tokens/postgres.ts';
import { createSqliteTokenStore } from './tokens/sqlite.ts';
import { createMemoryWorkflowStore } from './workflows/memory.ts';
import { createPostgresWorkflowStore } from './workflows/postgres.ts';
import { createSqliteWorkflowStore } from './workflows/sqlite.ts';

export interface Stores {
  runs: RunStore;
  workflows: WorkflowStore;
  packages: PackageStore;
  /** Paused workflows and schedule ticks. */
  schedules: ScheduleStore;
  /** Named secrets, encrypted. */
  secrets: SecretStore;
  /** Scoped API tokens, by the hash of their text. */
  tokens: TokenStore;
  /** How this server hears who has a workflow open on the others. */
  presence: PresenceRelay;
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
    const schedules = await createPostgresScheduleStore(pool, log);
    const secrets = await createPostgresSecretStore(pool);
    const tokens = await createPostgresTokenStore(pool);
    const firstStart = (await workflows.list()).length === 0 && (await runs.list({ limit: 1 })).runs.length === 0;
    mkdirSync(settings.dataDir, { recursive: true });
    const close = async () => {
      await schedules.close();
      await secrets.close();
      await pool.end();
    };
    const presence = postgresPresenceRelay(pool, log);
    return { runs, workflows, packages, schedules, secrets, tokens, presence, dataDir: settings.dataDir, firstStart, close };
  }
  if (settings.storage === 'memory') {
    return {
      runs: createMemoryRunStore({ keep: settings.keepRuns }),
      workflows: createMemoryWorkflowStore(),
      packages: createMemoryPackageStore(),
      schedules: createMemoryScheduleStore(),
      secrets: createMemorySecretStore(),
      tokens: createMemoryTokenStore(),
      presence: localPresenceRelay(),
      dataDir: undefined,
      firstStart: true,
      close: async () => {},
    };
  }
  const file = join(settings.dataDir, 'pattern.db');
  const firstStart = !existsSync(file);
  const db = openDatabase(file);
  const schedules = createSqliteScheduleStore(db, log);
  return {
    runs: createSqliteRunStore(db, runOptions),
    workflows: createSqliteWorkflowStore(db),
    packages: createSqlitePackageStore(db),
    schedules,
    secrets: createSqliteSecretStore(db),
    tokens: createSqliteTokenStore(db),
    presence: localPresenceRelay(),
    dataDir: settings.dataDir,
    firstStart,
    close: async () => {
      await schedules.close();
      db.close();
    },
  };
}
