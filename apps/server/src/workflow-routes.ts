import {
  assertJsonDepth,
  type Engine,
  PatternError,
  type Plan,
  type RequestContract,
  routedRequest,
  routePattern,
  type WorkflowEntry,
} from '@pattern/core';
import type { Context, MiddlewareHandler } from 'hono';
import { type AdminAuth, refuse } from './http/admin-auth.ts';
import { readBodyText } from './http/body-limit.ts';
import { errorResponse } from './http/errors.ts';
import type { ReservedPaths } from './http/reserved-paths.ts';
import { checkedParts, requestError, routeContract } from './http/route-validation.ts';

/** Every answer of a workflow route names its run, so a caller can look the run up in history. */
export const RUN_ID_HEADER = 'x-pattern-run-id';

/** Sent unless the workflow sets its own: browsers neither guess a content type nor let other sites frame the answer. */
const DEFAULT_HEADERS: ReadonlyArray<[string, string]> = [
  ['x-content-type-options', 'nosniff'],
  ['x-frame-options', 'DENY'],
];

interface CompiledRoute {
  workflowId: string;
  pattern: RegExp;
  params: string[];
  plan: Plan;
  version: number | undefined;
  auth: boolean;
  /** The parts of the request the graph uses: only those are read, and only those land in run history. */
  uses: ReadonlySet<string>;
  /** What the route's `http.request` node requires of a request, compiled with the plan. */
  contract: RequestContract | undefined;
  /** The graph's `http.response` nodes: a run that reaches none of them has not answered. */
  responses: string[];
}

/**
 * Serves the routes of saved workflows. The table is rebuilt whenever a workflow is saved or
 * deleted, so routes appear, change and vanish without a restart; a request only matches
 * precompiled patterns and starts a run of a precompiled plan. A path Pattern serves itself
 * never reaches a workflow, however it is spelled.
 */
export class WorkflowRouter {
  private byMethod = new Map<string, CompiledRoute[]>();
  private readonly engine: Engine;
  private readonly auth: AdminAuth | undefined;
  private readonly reserved: ReservedPaths;
  private readonly isActive: (workflowId: string) => boolean;

  constructor(engine: Engine, auth: AdminAuth | undefined, reserved: ReservedPaths, isActive: (workflowId: string) => boolean) {
    this.engine = engine;
    this.auth = auth;
    this.reserved = reserved;
    this.isActive = isActive;
    this.rebuild();
    engine.workflows.subscribe(() => this.rebuild());
  }

  rebuild(): void {
    const table = new Map<string, CompiledRoute[]>();
    for (const entry of this.engine.workflows.list()) {
      const compiled = compileRoute(entry);
      if (!compiled) continue;
      const method = entry.route?.method ?? 'GET';
      const list = table.get(method) ?? [];
      list.push(compiled);
      table.set(method, list);
    }
    for (const list of table.values()) list.sort((a, b) => staticness(b) - staticness(a));
    this.byMethod = table;
  }

  middleware(): MiddlewareHandler {
    return async (c, next) => {
      const method = c.req.method === 'HEAD' ? 'GET' : c.req.method;
      const routes = this.byMethod.get(method);
      if (!routes) return next();
      const path = c.req.path;
      for (const route of routes) {
        const match = route.pattern.exec(path);
        if (match) return this.reserved.covers(path) ? next() : this.serve(c, route, match);
      }
      return next();
    };
  }

  /**
   * The run's own response carries the default headers in its plain header object; every other
   * answer (a refusal, a failed run, one the error handler makes of a throw) takes them from the context.
   */
  private async serve(c: Context, route: CompiledRoute, match: RegExpExecArray): Promise<Response> {
    try {
      // The route stays taken while paused: another workflow cannot claim it, and callers learn why nothing answers.
      if (!this.isActive(route.workflowId)) {
        return errorResponse(withDefaultHeaders(c), 503, 'workflow_paused', `The workflow that serves ${c.req.method} ${c.req.path} is paused`, {
          workflowId: route.workflowId,
        });
      }
      if (route.auth) {
        // Without an admin token there is no one to check against; such a server only listens on loopback.
        const refusal = await this.auth?.refusal(c);
        if (refusal) return refuse(withDefaultHeaders(c), refusal);
      }
      const params: Record<string, string> = {};
      for (let i = 0; i < route.params.length; i++) params[route.params[i] as string] = safeDecode(match[i + 1] ?? '');
      const request = routedRequest({ method: c.req.method, path: c.req.path, params, query: {}, headers: {} });
      if (route.uses.has('query')) request.query = c.req.query();
      if (route.uses.has('headers')) request.headers = c.req.header();
      if (route.uses.has('body') || route.uses.has('rawBody')) {
        const text = await readBodyOnce(c);
        if (route.uses.has('body')) request.body = parseBody(c, text);
        if (route.uses.has('rawBody') && text !== '') request.rawBody = text;
      }
      const invalid = requestError(route.contract, request);
      if (invalid) return errorResponse(withDefaultHeaders(c), 422, invalid.code, invalid.message, invalid.details);
      const run = this.engine.startRun({
        plan: route.plan,
        workflowId: route.workflowId,
        workflowVersion: route.version,
        input: request,
        trigger: { kind: 'http', detail: `${c.req.method} ${c.req.path}` },
      });
      const record = await run.done;
      const response = run.response;
      if (response) {
        // A plain header object keeps node-server on its fast path (a Headers instance does not).
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) headers[name.toLowerCase()] = value;
        headers[RUN_ID_HEADER] = record.id;
        const text = typeof response.body === 'string';
        headers['content-type'] ??= text ? 'text/plain; charset=UTF-8' : 'application/json';
        for (const [name, value] of DEFAULT_HEADERS) headers[name] ??= value;
        const body = text ? (response.body as string) : response.body === null ? null : JSON.stringify(response.body);
        return new Response(body, { status: response.status, headers });
      }
      withDefaultHeaders(c).header(RUN_ID_HEADER, record.id);
      if (record.status !== 'ok') {
        return errorResponse(c, 500, 'run_failed', record.error?.message ?? `The workflow ended ${record.status}`, {
          runId: record.id,
          error: record.error ?? null,
        });
      }
      if (route.responses.length > 0) {
        return errorResponse(c, 500, 'no_response', `The run ended without reaching ${route.responses.join(' or ')}`, {
          runId: record.id,
          skipped: route.responses,
        });
      }
      return record.output === undefined ? c.body(null, 204) : c.json(record.output);
    } catch (error) {
      withDefaultHeaders(c);
      throw error;
    }
  }
}

function compileRoute(entry: WorkflowEntry): CompiledRoute | undefined {
  if (!entry.route) return undefined;
  // The route serves what a run of the workflow executes: the active version once published.
  const plan = entry.active ? entry.active.plan : entry.plan;
  if (!plan) return undefined;
  const { pattern, params } = routePattern(entry.route.path);
  const trigger = plan.nodes.find((node) => node.op.name === 'http.request');
  const contract = routeContract(plan);
  const uses = new Set([...(trigger?.targets.map((t) => t.port) ?? []), ...checkedParts(contract)]);
  return {
    workflowId: entry.id,
    version: entry.active?.version,
    pattern,
    params,
    plan,
    uses,
    contract,
    auth: entry.route.auth,
    responses: plan.nodes.filter((node) => node.op.name === 'http.response').map((node) => node.id),
  };
}

/** Static segments win over parameters: `/users/me` before `/users/:id`. */
function staticness(route: CompiledRoute): number {
  return -route.params.length;
}

function withDefaultHeaders(c: Context): Context {
  for (const [name, value] of DEFAULT_HEADERS) c.header(name, value);
  return c;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function readBodyOnce(c: Context): Promise<string> {
  return c.req.method === 'GET' || c.req.method === 'HEAD' ? Promise.resolve('') : readBodyText(c);
}

function parseBody(c: Context, text: string): unknown {
  if (text === '') return undefined;
  const type = c.req.header('content-type') ?? '';
  if (type.includes('application/json')) {
    assertJsonDepth(text, 'body');
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new PatternError('invalid_json', `The request body is not valid JSON: ${(error as Error).message}`);
    }
  }
  if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  return text;
}
