import { createLogger, type Logger, type LogLevel } from '../logger.ts';
import type { HttpResponseValue, OpContext, Services } from '../ops/op-context.ts';
import type { Run, TraceState } from './run.ts';

const MAX_LOG_LINES = 200;

/** The `ctx` an op sees. One per node execution; cheap, since the hot path creates many. */
export class NodeContext implements OpContext {
  readonly nodeId: string;
  readonly config: Record<string, unknown>;
  private readonly owner: Run;
  private readonly trace: TraceState;
  private logger: Logger | undefined;

  constructor(owner: Run, nodeId: string, config: unknown, trace: TraceState) {
    this.owner = owner;
    this.nodeId = nodeId;
    this.config = config as Record<string, unknown>;
    this.trace = trace;
  }

  get runId(): string {
    return this.owner.id;
  }

  get signal(): AbortSignal {
    return this.owner.signal;
  }

  get services(): Services {
    return this.owner.host.services;
  }

  get run(): OpContext['run'] {
    return this.owner.info;
  }

  get log(): Logger {
    this.logger ??= createLogger((level: LogLevel, message, fields) => {
      const logs = (this.trace.logs ??= []);
      if (logs.length < MAX_LOG_LINES) logs.push({ at: new Date().toISOString(), level, message, ...(fields ? { fields } : {}) });
      this.owner.host.log[level](message, { runId: this.owner.id, nodeId: this.nodeId, ...fields });
    });
    return this.logger;
  }

  call(op: string, inputs?: Record<string, unknown>, config?: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.owner.callOp(this.nodeId, this.trace, op, inputs ?? {}, config ?? {});
  }

  output(value: unknown, key?: string): void {
    this.owner.setOutput(value, key);
  }

  respond(response: HttpResponseValue): void {
    this.owner.response = response;
  }
}
