import { type ModHost, routePattern, type WorkflowEntry } from '@pattern/core';
import type { MessageCheck } from './message-check.ts';

export interface WsRoute {
  workflowId: string;
  path: string;
  auth: boolean;
  pattern: RegExp;
  params: string[];
  check: MessageCheck | undefined;
}

export interface RouteMatch {
  route: WsRoute;
  params: Record<string, string>;
}

/**
 * The endpoints of saved workflows with a `ws.route` node, rebuilt whenever one is saved or
 * deleted. A connection serves the version that was active when it opened.
 */
export class RouteTable {
  private routes: WsRoute[] = [];
  private readonly host: ModHost;
  private readonly unsubscribe: () => void;
  /** Why a path may not be served (one of Pattern's own); told by the server once it listens. */
  refusal: (path: string) => string | undefined = () => undefined;

  constructor(host: ModHost) {
    this.host = host;
    this.unsubscribe = host.workflows.subscribe(() => this.rebuild());
    this.rebuild();
  }

  rebuild(): void {
    const routes = this.host.workflows.list().flatMap((entry) => compile(entry) ?? []);
    // Static segments win over parameters: `/chat/lobby` before `/chat/:room`.
    routes.sort((a, b) => a.params.length - b.params.length);
    this.routes = routes;
  }

  match(path: string): RouteMatch | undefined {
    for (const route of this.routes) {
      const found = route.pattern.exec(path);
      if (!found || this.refusal(route.path)) continue;
      const params: Record<string, string> = {};
      route.params.forEach((name, i) => {
        params[name] = safeDecode(found[i + 1] ?? '');
      });
      return { route, params };
    }
    return undefined;
  }

  close(): void {
    this.unsubscribe();
  }
}

function compile(entry: WorkflowEntry): WsRoute | undefined {
  const plan = entry.active ? entry.active.plan : entry.plan;
  const node = plan?.nodes.find((n) => n.op.name === 'ws.route');
  if (!node) return undefined;
  const { path, auth } = node.settings as { path: string; auth: boolean };
  const { pattern, params } = routePattern(path);
  return { workflowId: entry.id, path, auth, pattern, params, check: node.prepared as MessageCheck | undefined };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
