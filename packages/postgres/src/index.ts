export { type Listener, type ListenOptions, listen } from './listen.ts';
export { type NamedQuery, named, statement } from './named.ts';
export { createPool, migrate, type Pool, type PoolClient, transaction } from './pool.ts';
