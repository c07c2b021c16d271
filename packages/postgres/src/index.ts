export { createPool, migrate, type Pool, type PoolClient, transaction } from './pool.ts';
export { freshSchema, TEST_DATABASE_URL } from './test-schema.ts';
