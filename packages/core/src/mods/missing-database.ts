import { PatternError } from '../errors.ts';

/** What a driver needs of the server's settings: a folder for its files, or a database URL. */
export type DatabaseNeed = 'dataDir' | 'databaseUrl';

const NEEDS: Record<DatabaseNeed, string> = {
  dataDir: 'a data dir (PATTERN_DATA_DIR, or dataDir in pattern.config.json)',
  databaseUrl: 'a database URL (PATTERN_DATABASE_URL, or databaseUrl in pattern.config.json)',
};

/**
 * The one error of every mod whose chosen driver lacks its database, so a person reads the same
 * sentence whichever mod it is: `options.store.driver: "postgres" needs a database URL (…)`.
 */
export function missingDatabase(field: string, driver: string, needs: DatabaseNeed): PatternError {
  return new PatternError('validation_failed', `${field}: "${driver}" needs ${NEEDS[needs]}`, { field, driver, needs });
}
