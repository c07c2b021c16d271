import type { Logger } from '../logger.ts';
import type { Plan } from '../workflow/compile.ts';
import type { RunRecord, RunTrigger } from './record.ts';

/** The trigger kind of a run started because another run failed; its `detail` is the failed run's id. */
export const ERROR_TRIGGER = 'error';

/** What an error workflow's run gets as its input. */
export interface FailedRunInput {
  run: {
    id: string;
    workflowId: string | undefined;
    error: RunRecord['error'];
    failedNode: string | undefined;
    startedAt: string;
  };
}

interface ErrorWorkflowsHost {
  readonly log: Logger;
  /** Whether the engine accepts runs yet. */
  readonly started: boolean;
  readonly workflows: { runnable(id: string): { plan: Plan } };
  startRun(request: { workflowId: string; input: FailedRunInput; trigger: RunTrigger }): unknown;
}

/**
 * Starts a workflow's error workflow when one of its runs ends in `error`, once per failed run: the
 * engine calls `settled` from the one place a run settles, and `recovered` for a run a stop
 * interrupted (held until the engine accepts runs). A chain of error workflows never comes back to
 * one of its own: the trigger carries the workflows whose failures led to it.
 */
export class ErrorWorkflows {
  private readonly host: ErrorWorkflowsHost;
  private held: RunRecord[] = [];

  constructor(host: ErrorWorkflowsHost) {
    this.host = host;
  }

  /** A run that settled here; `onError` is that of the document it ran, so an edit since does not change who hears of it. */
  settled(record: RunRecord, onError: string | undefined, isChild: boolean): void {
    if (record.status !== 'error' || onError === undefined || isChild) return;
    this.trigger(record, onError);
  }

  /** A run an earlier stop left running, now settled as interrupted: its error workflow runs at the next `release`. */
  recovered(record: RunRecord): void {
    if (record.parentRunId === undefined && record.workflowId !== undefined) this.held.push(record);
  }

  /** Starts the error workflows of recovered runs, once their records are saved and the engine accepts runs. */
  release(): void {
    if (!this.host.started) return;
    const held = this.held;
    this.held = [];
    for (const record of held) this.triggerSaved(record);
  }

  /** The run's own document is gone with the stop: the workflow as it is saved now names the error workflow. */
  private triggerSaved(record: RunRecord): void {
    let onError: string | undefined;
    try {
      onError = this.host.workflows.runnable(record.workflowId as string).plan.workflow.onError;
    } catch {
      return;
    }
    if (onError !== undefined) this.trigger(record, onError);
  }

  private trigger(record: RunRecord, onError: string): void {
    const before = record.trigger.kind === ERROR_TRIGGER ? (record.trigger.errorChain ?? []) : [];
    const chain = [...before, record.workflowId ?? '(inline)'];
    if (chain.includes(onError)) {
      this.host.log.warn('error workflow not started: it is part of the chain of failures that led here', { runId: record.id, onError, chain });
      return;
    }
    const input: FailedRunInput = {
      run: { id: record.id, workflowId: record.workflowId, error: record.error, failedNode: record.error?.nodeId, startedAt: record.startedAt },
    };
    try {
      this.host.startRun({ workflowId: onError, input, trigger: { kind: ERROR_TRIGGER, detail: record.id, errorChain: chain } });
    } catch (error) {
      this.host.log.error('error workflow could not start', { runId: record.id, onError, error: String(error) });
    }
  }
}
