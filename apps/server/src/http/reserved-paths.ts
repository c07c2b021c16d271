import type { Engine } from '@pattern/core';
import { WEB_APP_PATHS } from '../web-app.ts';
import { LOGIN_PATHS } from './login-routes.ts';
import { modRoutes } from './mod-routes.ts';
import { normalizePath, PathPattern, routeSegments } from './path-pattern.ts';

interface Reservation {
  pattern: PathPattern;
  owner: string;
}

/**
 * The paths Pattern serves itself. A workflow route may claim none of them, with any method: a
 * route that answered `GET /` or `/assets/index-….js` would replace the admin app for everyone.
 */
export class ReservedPaths {
  private readonly reservations: Reservation[];
  private readonly anyOf: RegExp;
  /** What a reserved path's first segment can be, when no reservation starts with a parameter or `*`. */
  private readonly firstSegments: { literals: ReadonlySet<string>; globs: RegExp[] } | undefined;

  constructor(entries: Array<{ paths: string[]; owner: string }>) {
    this.reservations = entries.flatMap(({ paths, owner }) => paths.map((path) => ({ pattern: new PathPattern(path), owner })));
    this.anyOf = new RegExp(`^(?:${this.reservations.map((r) => r.pattern.source).join('|')})$`);
    const firsts = this.reservations.map((r) => r.pattern.first);
    if (firsts.every((first) => first !== undefined)) {
      this.firstSegments = {
        literals: new Set(firsts.flatMap((first) => ('literal' in first ? [first.literal] : []))),
        globs: firsts.flatMap((first) => ('glob' in first ? [first.glob] : [])),
      };
    }
  }

  /** Why a workflow may not serve `method path`, or undefined when it may. */
  refusal(method: string, path: string): string | undefined {
    const wanted = routeSegments(path);
    const taken = this.reservations.find((r) => r.pattern.overlaps(wanted));
    if (!taken) return undefined;
    const claim =
      normalizePath(path) === normalizePath(taken.pattern.text)
        ? `${method} ${path}: ${taken.pattern.text} belongs to ${taken.owner}, for every method`
        : `${method} ${path} would also answer ${taken.pattern.text}, which belongs to ${taken.owner}`;
    return `${claim}; choose a path Pattern does not serve itself`;
  }

  /** Whether a request path is one of Pattern's own, however it is spelled (`//api/runs`, `/API/runs`). */
  covers(requestPath: string): boolean {
    const normalized = normalizePath(requestPath);
    // A set lookup spares most requests the test against every reservation at once.
    if (this.firstSegments && !mayBeFirst(this.firstSegments, firstSegment(normalized))) return false;
    return this.anyOf.test(normalized);
  }
}

/** The first segment of a normalized path: `api` of `/api/runs`, `` of `/`. */
function firstSegment(normalized: string): string {
  const end = normalized.indexOf('/', 1);
  return end === -1 ? normalized.slice(1) : normalized.slice(1, end);
}

function mayBeFirst(firsts: { literals: ReadonlySet<string>; globs: RegExp[] }, segment: string): boolean {
  return firsts.literals.has(segment) || firsts.globs.some((glob) => glob.test(segment));
}

const byEngine = new WeakMap<Engine, ReservedPaths>();

/**
 * A server's reserved paths: the web app's, sign-in's, the API's, the docs', and every mod's
 * routes and guarded paths. Built on first use, which comes after the mods' services are set up.
 */
export function reservedPathsOf(engine: Engine): ReservedPaths {
  let reserved = byEngine.get(engine);
  if (!reserved) {
    const mods = engine.registry.mods.map((mod) => ({ paths: mod.http?.guardedPaths?.(engine.context(mod)) ?? [], owner: `mod "${mod.name}"` }));
    const routes = modRoutes(engine).map(({ mod, routes }) => ({ paths: routes.routes.map((r) => r.path), owner: `mod "${mod.name}"` }));
    reserved = new ReservedPaths([
      { paths: WEB_APP_PATHS, owner: 'the web app' },
      { paths: LOGIN_PATHS, owner: 'sign-in' },
      { paths: ['/api', '/api/*'], owner: "Pattern's API" },
      { paths: ['/docs', '/docs/*'], owner: 'the docs' },
      { paths: ['/metrics', '/mcp'], owner: 'monitoring and agents' },
      ...mods,
      ...routes,
    ]);
    byEngine.set(engine, reserved);
  }
  return reserved;
}
