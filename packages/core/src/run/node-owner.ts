import type { ValueLimits } from '../json/depth.ts';
import type { Logger } from '../logger.ts';
import type { ChildRunRequest, HttpResponseValue, OpContext, Services } from '../ops/op-context.ts';
import type { ParentRun } from './child-runs.ts';
import type { RunRecord } from './record.ts';
import type { Redactor } from './secrets.ts';
import type { TraceState } from './trace.ts';

/** What a node's `ctx` asks of the run it belongs to; the run's own state stays the run's. */
export interface NodeOwner {
  readonly id: string;
  readonly signal: AbortSignal;
  readonly info: OpContext['run'];
  readonly chain: readonly string[];
  readonly status: string;
  readonly host: {
    readonly services: Services;
    readonly log: Logger;
    readonly limits: Readonly<ValueLimits>;
    /** The engine's clock (`EngineOptions.clock`): fixed in workflow tests. */
    now(): number;
    runChild(parent: ParentRun, nodeId: string, trace: TraceState, request: ChildRunRequest): Promise<RunRecord>;
  };
  callOp(
    nodeId: string,
    trace: TraceState,
    name: string,
    inputs: Record<string, unknown>,
    config: Record<string, unknown>,
    /** Makes the called op's `ctx.idempotencyKey`: the calling context's and the call's place in it. */
    keySuffix: string,
  ): Promise<Record<string, unknown>>;
  setOutput(value: unknown, key?: string): void;
  setResponse(response: HttpResponseValue): void;
  readonly redactor: Redactor;
}
