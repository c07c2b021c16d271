import type { ValueLimits } from '../json/depth.ts';
import type { Logger } from '../logger.ts';
import type { HttpResponseValue, OpContext, Services } from '../ops/op-context.ts';
import type { TraceState } from './trace.ts';

/** What a node's `ctx` asks of the run it belongs to; the run's own state stays the run's. */
export interface NodeOwner {
  readonly id: string;
  readonly signal: AbortSignal;
  readonly info: OpContext['run'];
  readonly host: { readonly services: Services; readonly log: Logger; readonly limits: Readonly<ValueLimits> };
  callOp(
    nodeId: string,
    trace: TraceState,
    name: string,
    inputs: Record<string, unknown>,
    config: Record<string, unknown>,
  ): Promise<Record<string, unknown>>;
  setOutput(value: unknown, key?: string): void;
  setResponse(response: HttpResponseValue): void;
}
