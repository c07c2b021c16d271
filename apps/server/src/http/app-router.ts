import type { Result, Router } from 'hono/router';
import { RegExpRouter } from 'hono/router/reg-exp-router';
import { SmartRouter } from 'hono/router/smart-router';
import { TrieRouter } from 'hono/router/trie-router';
import type { ReservedPaths } from './reserved-paths.ts';

/** The paths Hono gives a handler registered for every path (`app.use('*')`, `'/*'` once mounted). */
const EVERY_PATH = new Set(['*', '/*']);

/**
 * The app's router. Pattern's own routes need Hono's trie router: a static segment beside a
 * parameter with more segments after it (`POST /api/workflows/validate`, `/api/workflows/:id/versions`)
 * is more than its regular-expression router takes, and matching in the trie costs every request a
 * search and a sort. But a path Pattern does not serve itself (a workflow's route) can only meet
 * the handlers registered for every path, so those are kept a second time in a router of their
 * own, which answers such paths from one precompiled expression.
 *
 * Holds as long as every other route is a reserved path (see reserved-paths.ts): a route that is
 * not, and could answer a path outside them, turns the second router off.
 */
export class AppRouter<T> implements Router<T> {
  readonly name = 'AppRouter';
  private readonly all = new SmartRouter<T>({ routers: [new RegExpRouter(), new TrieRouter()] });
  private readonly everyPath = new RegExpRouter<T>();
  private readonly reserved: ReservedPaths;
  private lane = true;

  constructor(reserved: ReservedPaths) {
    this.reserved = reserved;
  }

  add(method: string, path: string, handler: T): void {
    this.all.add(method, path, handler);
    if (EVERY_PATH.has(path)) this.everyPath.add(method, path, handler);
    else if (this.reserved.refusal(method, path) === undefined) this.lane = false;
  }

  match(method: string, path: string): Result<T> {
    return this.lane && !this.reserved.covers(path) ? this.everyPath.match(method, path) : this.all.match(method, path);
  }

  /** Whether paths outside the reserved ones skip the full table (false once a route could answer one of them). */
  get skipsFullTable(): boolean {
    return this.lane;
  }
}
