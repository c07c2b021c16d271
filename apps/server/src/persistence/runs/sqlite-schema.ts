import type Database from 'better-sqlite3';

/**
 * Run history's tables. `seq` is the rowid, given in the order runs are first written, so the
 * newest `keep` runs are the rows above `max(seq) - keep` and pruning walks the oldest rows by
 * rowid, a few at a time. `record` holds the run's summary (what lists show), `traces` its node
 * traces (see trace-codec.ts), which a running run does not have yet. A graph is stored once per
 * distinct graph; `last_seq` is the newest run that used it, so graphs no run uses any more are
 * found by index.
 */
const TABLES = `CREATE TABLE IF NOT EXISTS runs (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    workflow_id TEXT,
    status TEXT NOT NULL,
    graph TEXT,
    record TEXT NOT NULL,
    traces TEXT
  );
  CREATE INDEX IF NOT EXISTS runs_by_workflow ON runs (workflow_id, id);
  CREATE INDEX IF NOT EXISTS runs_running ON runs (id) WHERE status = 'running';
  CREATE TABLE IF NOT EXISTS run_graphs (hash TEXT PRIMARY KEY, graph TEXT NOT NULL, last_seq INTEGER NOT NULL DEFAULT 0);
  CREATE INDEX IF NOT EXISTS run_graphs_by_last_seq ON run_graphs (last_seq);`;

/**
 * Creates the tables, or moves history from the layout before (one `WITHOUT ROWID` row per run
 * holding the whole record) into them: each run keeps its place, summary and traces.
 */
export function migrateRunTables(db: Database.Database): void {
  const runs = db.prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'runs'").get();
  if (!runs || /\bseq\b/.test(runs.sql)) {
    db.exec(TABLES);
    return;
  }
  db.transaction(() => {
    db.exec('DROP INDEX IF EXISTS runs_by_workflow; DROP INDEX IF EXISTS runs_running; ALTER TABLE runs RENAME TO runs_before_seq;');
    const graphColumns = db.prepare<[], { name: string }>('PRAGMA table_info(run_graphs)').all();
    if (graphColumns.length > 0 && !graphColumns.some((column) => column.name === 'last_seq')) {
      db.exec('ALTER TABLE run_graphs ADD COLUMN last_seq INTEGER NOT NULL DEFAULT 0');
    }
    db.exec(TABLES);
    db.exec(`INSERT INTO runs (id, workflow_id, status, graph, record, traces)
        SELECT id, workflow_id, status, graph, json_remove(record, '$.nodes'), json_extract(record, '$.nodes') FROM runs_before_seq ORDER BY id;
      DROP TABLE runs_before_seq;
      UPDATE run_graphs SET last_seq = coalesce((SELECT max(seq) FROM runs WHERE runs.graph = run_graphs.hash), 0);`);
  })();
}
