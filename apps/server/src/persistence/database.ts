import { openSqlite } from '@pattern/sqlite';
import type Database from 'better-sqlite3';

/** Opens (creating if needed) the server's SQLite file: workflows, versions, packages and run history. */
export function openDatabase(file: string): Database.Database {
  return openSqlite(file, { foreignKeys: true });
}
