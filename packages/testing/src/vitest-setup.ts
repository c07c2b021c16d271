import { afterAll } from 'vitest';
import { removeTempDirs } from './temp-dir.ts';

// Vitest ends its workers without an `exit` event, so each test file's folders go when it ends.
// Registered before the file's own hooks, this runs after them (after hooks run in reverse),
// once the servers writing into the folders have stopped.
afterAll(removeTempDirs);
