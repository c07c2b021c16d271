import { assertSendable } from '../base-ops/response-fields.ts';
import { assertValueDepth, type ValueLimits, valueTooDeep } from '../json/depth.ts';
import { TRUNCATED } from '../json/truncate.ts';
import { createLogger, type Logger, type LogLevel } from '../logger.ts';
import type { ChildRunRequest, HttpResponseValue, OpContext, Services } from '../ops/op-context.ts';
import type { NodeOwner } from './node-owner.ts';
import type { RunRecord } from './record.ts';
import type { TraceState } from './trace.ts';

const MAX_LOG_LINES = 200;

/** The `ctx` an op sees. One per node execution; cheap, since the hot path creates many. */
export class NodeContext implements OpContext {
  readonly nodeId: string;
  readonly config: Record<string, unknown>;
  readonly prepared: unknown;
  private readonly owner: NodeOwner;
  private readonly trace: TraceState;
  private logger: Logger | undefined;
  private readonly keySuffix: string;
  /** The ops this context invoked so far: a retry makes a new context, so its calls are numbered alike. */
  private calls = 0;

  /** `keySuffix` tells apart the ops one node invokes with `ctx.call`, in the order it calls them. */
  constructor(owner: NodeOwner, nodeId: string, config: unknown, trace: TraceState, prepared?: unknown, keySuffix = '') {
    this.owner = owner;
    this.keySuffix = keySuffix;
    this.nodeId = nodeId;
    this.config = config as Record<string, unknown>;
    this.trace = trace;
    this.prepared = prepared;
  }

  get runId(): string {
    return this.owner.id;
  }

  get idempotencyKey(): string {
    return `${this.owner.id}:${this.nodeId}${this.keySuffix}`;
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

  get limits(): Readonly<ValueLimits> {
    return this.owner.host.limits;
  }

  get log(): Logger {
    this.logger ??= createLogger((level: LogLevel, message, fields) => {
      const logs = (this.trace.logs ??= []);
      if (logs.length < MAX_LOG_LINES)
        logs.push({ at: new Date().toISOString(), level, message, ...(fields ? { fields: this.traceable(fields) } : {}) });
      const redactor = this.owner.redactor;
      const line = { runId: this.owner.id, nodeId: this.nodeId, ...fields };
      this.owner.host.log[level](redactor.text(message), redactor.apply(line));
    });
    return this.logger;
  }

  /** Log fields go into the run record as they are, unless they nest too deep to serialize. */
  private traceable(fields: Record<string, unknown>): Record<string, unknown> {
    const max = this.limits.maxValueDepth;
    return valueTooDeep(fields, max) ? { [TRUNCATED]: true, bytes: -1, preview: `(nested deeper than ${max} levels)` } : fields;
  }

  now(): number {
    return this.owner.host.now();
  }

  call(op: string, inputs?: Record<string, unknown>, config?: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.owner.callOp(this.nodeId, this.trace, op, inputs ?? {}, config ?? {}, `${this.keySuffix}:call${++this.calls}`);
  }

  output(value: unknown, key?: string): void {
    assertValueDepth(value, key === undefined ? 'output' : `output.${key}`, this.limits.maxValueDepth);
    this.owner.setOutput(value, key);
  }

  respond(response: HttpResponseValue): void {
    assertSendable(response);
    assertValueDepth(response.body, 'body', this.limits.maxValueDepth);
    this.owner.setResponse(response);
  }

  redact(value: string): void {
    this.owner.redactor.add(value);
  }

  runWorkflow(request: ChildRunRequest): Promise<RunRecord> {
    return this.owner.host.runChild(this.owner, this.nodeId, this.trace, request);
  }
}
