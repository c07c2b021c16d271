import type { ValueLimits } from '../json/depth.ts';
import type { Logger } from '../logger.ts';
import type { RunTrigger } from '../run/record.ts';

/**
 * Mods add their services to this map by declaration merging, so `ctx.services.get('store')`
 * is typed wherever the mod's types are imported:
 * `declare module '@pattern/core' { interface ServiceMap { store: StoreService } }`
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by mods through declaration merging
export interface ServiceMap {}

export interface Services {
  get<K extends keyof ServiceMap>(name: K): ServiceMap[K];
  get<T = unknown>(name: string): T;
  has(name: string): boolean;
}

/** What an HTTP route workflow answers with (set by `http.response`). */
export interface HttpResponseValue {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export interface OpContext<C = Record<string, unknown>> {
  readonly runId: string;
  readonly nodeId: string;
  /** Aborted when the run is cancelled, times out, fails elsewhere, or the server stops. */
  readonly signal: AbortSignal;
  /** The node's settings (port constants excluded), parsed by the op's config schema. */
  readonly config: C;
  readonly services: Services;
  /** Lines logged here land in the node's trace and in the server log. */
  readonly log: Logger;
  readonly run: { readonly input: unknown; readonly workflowId: string | undefined; readonly trigger: RunTrigger };
  /** How deeply the values an op builds may nest (`limits.*` settings); deeper ones are refused with `too_deep`. */
  readonly limits: Readonly<ValueLimits>;
  /** Invokes another op inside this run; traced as a child call of this node. Throws on failure. */
  call(op: string, inputs?: Record<string, unknown>, config?: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Sets the run's output, or one key of it when several outputs build an object. */
  output(value: unknown, key?: string): void;
  /** Sets the HTTP response of a route workflow. */
  respond(response: HttpResponseValue): void;
}
